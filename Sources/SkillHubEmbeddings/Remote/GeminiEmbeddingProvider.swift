public import SkillHubCore

/// Google Gemini: `POST {base}/v1beta/models/{model}:batchEmbedContents` with `x-goog-api-key`, each text a request
/// `{model: "models/{model}", content: {parts: [{text}]}, taskType, outputDimensionality}` → `{embeddings: [{values}]}`.
/// Gemini does not count tokens in this answer: ``EmbeddingResult/promptTokens`` is 0.
public struct GeminiEmbeddingProvider: EmbeddingProvider {
    public let settings: EmbeddingSettings.Gemini
    private let service: RemoteEmbeddingService

    public init(settings: EmbeddingSettings.Gemini, transport: any EmbeddingHTTPTransport, timeout: Duration = .seconds(60)) {
        self.settings = settings
        service = RemoteEmbeddingService(name: "Gemini", transport: transport, timeout: timeout)
    }

    public var model: String { modelName }
    public var dimensions: Int { settings.dimensions }

    /// The model without Google's `models/` prefix.
    private var modelName: String {
        settings.model.hasPrefix("models/") ? String(settings.model.dropFirst("models/".count)) : settings.model
    }

    public var url: String {
        settings.baseURL + "/v1beta/models/" + modelName.percentEncodedPathSegment + ":batchEmbedContents"
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        let taskType: JSONValue = purpose == .query ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT"
        let requests: [JSONValue] = texts.map { text in
            [
                "model": .string("models/" + modelName),
                "content": ["parts": [["text": .string(text)]]],
                "taskType": taskType,
                "outputDimensionality": .number(Double(settings.dimensions)),
            ]
        }
        let answer = try await service.post(url, headers: ["x-goog-api-key": settings.apiKey], json: ["requests": .array(requests)])
        guard let embeddings = answer["embeddings"]?.arrayValue else {
            throw EmbeddingError.badAnswer("Gemini answered without an embeddings array: \(answer.excerpt)")
        }
        var vectors: [[Float]] = []
        for (index, item) in embeddings.enumerated() {
            guard let vector = item["values"]?.floatVector else {
                throw EmbeddingError.badAnswer("Gemini answered embeddings[\(index)] without values, an array of numbers")
            }
            vectors.append(vector)
        }
        let checked = try VectorNormalization.checked(vectors, texts: texts.count, dimensions: dimensions, provider: "Gemini")
        return EmbeddingResult(vectors: checked, promptTokens: 0)
    }
}
