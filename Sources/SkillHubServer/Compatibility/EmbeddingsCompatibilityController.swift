import Foundation
import Hummingbird
import SkillHubCore
import SkillHubEmbeddings

/// `POST /v1/embeddings` in OpenAI's shape, so any OpenAI client gets embeddings from SkillHub's
/// provider (`EMBEDDING_TYPE`) by changing its base URL and key:
/// `{model, input: string | [string], encoding_format?: "float" | "base64", dimensions?, input_type?}` →
/// `{object: "list", data: [{object: "embedding", index, embedding}], model, usage}`.
///
/// `model` may name anything (clients send their default); the answer names the model that
/// embedded. `dimensions` below the model's keeps the first components, normalised again (exact
/// for Matryoshka-trained models such as OpenAI's v3, an approximation for others).
/// `input_type` (`query` or `passage`, the default) is e5's distinction; OpenAI's models ignore it.
struct EmbeddingsCompatibilityController: Sendable {
    let embeddings: any EmbeddingProvider
    let authentication: AuthenticationMiddleware
    enum EncodingFormat: String, CaseIterable {
        case float, base64
    }

    /// At most this many inputs per request, as OpenAI.
    static let maximumInputs = 2048

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/v1").add(middleware: authentication).post("/embeddings") { request, context in
            try await self.embed(request, context)
        }
    }

    struct Body: Decodable {
        static let keys: Set<String> = ["model", "input", "encoding_format", "dimensions", "input_type", "user"]
        var model: String?
        var input: JSONValue
        var encodingFormat: String?
        var dimensions: Int?
        var inputType: String?

        enum CodingKeys: String, CodingKey {
            case model, input, dimensions
            case encodingFormat = "encoding_format"
            case inputType = "input_type"
        }
    }

    func embed(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let body = try await StrictJSONBody.decode(Body.self, allowedKeys: Body.keys, from: request, context: context)
        let texts = try Self.texts(body.input)
        var problems: [FieldError] = []
        let format = FieldChoice.parse(body.encodingFormat, field: "encoding_format", default: EncodingFormat.float, problems: &problems)
        let purpose = FieldChoice.parse(body.inputType, field: "input_type", default: EmbeddingPurpose.passage, problems: &problems)
        let dimensions = body.dimensions ?? embeddings.dimensions
        if !(1...embeddings.dimensions).contains(dimensions) {
            problems.append(FieldError(field: "dimensions", message: "must be from 1 to \(embeddings.dimensions), the model's dimension"))
        }
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        let result: EmbeddingResult
        do {
            result = try await embeddings.embed(texts, purpose: purpose)
        } catch let error as EmbeddingError {
            throw SkillHubError(error)
        }
        let data: [JSONValue] = result.vectors.enumerated().map { index, vector in
            let shortened = Self.shortened(vector, to: dimensions)
            let embedding: JSONValue = format == .base64 ? .string(Self.base64(shortened)) : .array(shortened.map { .number(Double($0)) })
            return ["object": "embedding", "index": .number(Double(index)), "embedding": embedding]
        }
        return JSONResponses.response(body: JSONValue.object([
            "object": "list", "data": .array(data), "model": .string(embeddings.model),
            "usage": ["prompt_tokens": .number(Double(result.promptTokens)), "total_tokens": .number(Double(result.promptTokens))],
        ]).serialized())
    }

    /// `input` as texts: one string or a list of 1 to 2048 non-empty strings (token arrays are not taken).
    static func texts(_ input: JSONValue) throws -> [String] {
        let field = { (message: String) in SkillHubError.invalidFields([FieldError(field: "input", message: message)]) }
        let items: [JSONValue] = input.arrayValue ?? [input]
        guard !items.isEmpty, items.count <= maximumInputs else { throw field("must hold 1 to \(maximumInputs) strings") }
        return try items.map { item in
            guard let text = item.stringValue else { throw field("must be a string or a list of strings (token arrays are not supported)") }
            guard !text.isEmpty else { throw field("must not contain empty strings") }
            return text
        }
    }

    static func shortened(_ vector: [Float], to dimensions: Int) -> [Float] {
        guard dimensions < vector.count else { return vector }
        let head = vector.prefix(dimensions)
        let norm = head.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? head.map { $0 / norm } : Array(head)
    }

    /// Little-endian float32 values in base64, as OpenAI's `encoding_format: "base64"`.
    static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }
}

extension SkillHubError {
    /// An embedding failure as the envelope tells it: the caller's input (400, about `input`, in
    /// `details.fields` as every validation error), the provider out of reach (503), too slow (504).
    init(_ error: EmbeddingError) {
        switch error {
        case .invalidInput(let problem): self = .invalidField("input", problem, message: error.description)
        case .unavailable, .badAnswer: self.init(.serviceUnavailable, error.description)
        case .timeout: self.init(.timeout, error.description)
        }
    }
}
