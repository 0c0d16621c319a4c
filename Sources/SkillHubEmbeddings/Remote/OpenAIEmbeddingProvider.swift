public import SkillHubCore

/// An OpenAI-compatible embeddings API (`POST {base}/embeddings`, `Authorization: Bearer`), or Azure OpenAI
/// (`POST {base}/openai/deployments/{model}/embeddings?api-version=…`, `api-key` header).
public struct OpenAIEmbeddingProvider: EmbeddingProvider {
    public let settings: EmbeddingSettings.OpenAI
    private let service: RemoteEmbeddingService

    public init(settings: EmbeddingSettings.OpenAI, transport: any EmbeddingHTTPTransport, timeout: Duration = .seconds(60)) {
        self.settings = settings
        service = RemoteEmbeddingService(name: settings.byAzure ? "Azure OpenAI" : "OpenAI", transport: transport, timeout: timeout)
    }

    public var model: String { settings.model }
    public var dimensions: Int { settings.dimensions }

    /// Where requests go.
    public var url: String {
        let base = settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL
        guard settings.byAzure else { return base + "/embeddings" }
        let deployment = base.contains("/openai/deployments/") ? base : base + "/openai/deployments/" + settings.model.percentEncodedPathSegment
        return deployment + "/embeddings?api-version=" + (settings.apiVersion ?? "").percentEncodedPathSegment
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        var body: [String: JSONValue] = [
            "input": .array(texts.map(JSONValue.string)),
            "model": .string(settings.model),
            "encoding_format": "float",
        ]
        if let requestDimensions = settings.requestDimensions {
            body["dimensions"] = .number(Double(requestDimensions))
        }
        var headers: [String: String] = [:]
        if let apiKey = settings.apiKey {
            if settings.byAzure { headers["api-key"] = apiKey } else { headers["Authorization"] = "Bearer \(apiKey)" }
        }
        let answer = try await service.post(url, headers: headers, json: .object(body))
        return try Self.result(of: answer, texts: texts.count, dimensions: dimensions, provider: service.name)
    }

    /// Reads OpenAI's answer shape, `{data: [{index, embedding}], usage: {prompt_tokens}}` (Ark's too), in
    /// `index` order.
    static func result(of answer: JSONValue, texts: Int, dimensions: Int, provider: String, cutTo: Int? = nil) throws(EmbeddingError) -> EmbeddingResult {
        guard let data = answer["data"]?.arrayValue else {
            throw .badAnswer("\(provider) answered without a data array: \(answer.excerpt)")
        }
        var vectors = [[Float]?](repeating: nil, count: data.count)
        for (position, item) in data.enumerated() {
            guard let vector = item["embedding"]?.floatVector else {
                throw .badAnswer("\(provider) answered data[\(position)] without an embedding array of numbers")
            }
            let index = item["index"]?.intValue ?? position
            guard vectors.indices.contains(index), vectors[index] == nil else {
                throw .badAnswer("\(provider) answered data[\(position)] with index \(index), out of range or repeated")
            }
            vectors[index] = cutTo.map { vector.count > $0 ? Array(vector.prefix($0)) : vector } ?? vector
        }
        let tokens = answer["usage"]?["prompt_tokens"]?.intValue ?? answer["usage"]?["total_tokens"]?.intValue ?? 0
        let checked = try VectorNormalization.checked(vectors.compactMap { $0 }, texts: texts, dimensions: dimensions, provider: provider)
        return EmbeddingResult(vectors: checked, promptTokens: tokens)
    }
}

extension JSONValue {
    /// The first 200 bytes of the value as JSON, for messages.
    var excerpt: String { RemoteEmbeddingService.excerpt(serialized()) }
}

extension String {
    /// The string percent-encoded for one path segment or query value (unreserved characters kept).
    var percentEncodedPathSegment: String {
        var encoded = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return encoded
    }
}
