public import SkillHubCore

/// Volcengine Ark: `POST {base}/embeddings {model, input: [..]}` (OpenAI's shape, Bearer key) or, with
/// `ARK_EMBEDDING_API_TYPE=multi_modal`, `POST {base}/embeddings/multimodal {model, input: [{type: "text", text}]}`,
/// which answers one fused vector per request, so each text is sent on its own.
///
/// As Coze does, a vector longer than ``dimensions`` is cut to its first ``dimensions`` components and normalised
/// again (Doubao embeddings are trained for that); a shorter one is a bad answer.
public struct ArkEmbeddingProvider: EmbeddingProvider {
    public let settings: EmbeddingSettings.Ark
    private let service: RemoteEmbeddingService

    public init(settings: EmbeddingSettings.Ark, transport: any EmbeddingHTTPTransport, timeout: Duration = .seconds(60)) {
        self.settings = settings
        service = RemoteEmbeddingService(name: "Ark", transport: transport, timeout: timeout)
    }

    public var model: String { settings.model }
    public var dimensions: Int { settings.dimensions }

    private var headers: [String: String] { ["Authorization": "Bearer \(settings.apiKey)"] }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        switch settings.apiType {
        case .text:
            let body: JSONValue = [
                "model": .string(settings.model), "input": .array(texts.map(JSONValue.string)), "encoding_format": "float",
            ]
            let answer = try await service.post(settings.baseURL + "/embeddings", headers: headers, json: body)
            return try OpenAIEmbeddingProvider.result(of: answer, texts: texts.count, dimensions: dimensions, provider: "Ark", cutTo: dimensions)
        case .multiModal:
            var vectors: [[Float]] = []
            var tokens = 0
            for text in texts {
                try Task.checkCancellation()
                let body: JSONValue = [
                    "model": .string(settings.model), "input": [["type": "text", "text": .string(text)]], "encoding_format": "float",
                ]
                let answer = try await service.post(settings.baseURL + "/embeddings/multimodal", headers: headers, json: body)
                // `data` is one object; accept a one-element array too.
                let data = answer["data"]?.arrayValue?.first ?? answer["data"]
                guard let vector = data?["embedding"]?.floatVector else {
                    throw EmbeddingError.badAnswer("Ark answered without data.embedding, an array of numbers: \(answer.excerpt)")
                }
                vectors.append(vector.count > dimensions ? Array(vector.prefix(dimensions)) : vector)
                tokens += answer["usage"]?["prompt_tokens"]?.intValue ?? 0
            }
            let checked = try VectorNormalization.checked(vectors, texts: texts.count, dimensions: dimensions, provider: "Ark")
            return EmbeddingResult(vectors: checked, promptTokens: tokens)
        }
    }
}
