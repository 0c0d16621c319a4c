public import SkillHubCore

/// Ollama: `POST {base}/api/embed {model, input: [..]}` → `{embeddings: [[..]], prompt_eval_count}`.
public struct OllamaEmbeddingProvider: EmbeddingProvider {
    public let settings: EmbeddingSettings.Ollama
    private let service: RemoteEmbeddingService

    public init(settings: EmbeddingSettings.Ollama, transport: any EmbeddingHTTPTransport, timeout: Duration = .seconds(60)) {
        self.settings = settings
        service = RemoteEmbeddingService(name: "Ollama", transport: transport, timeout: timeout)
    }

    public var model: String { settings.model }
    public var dimensions: Int { settings.dimensions }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        let body: JSONValue = ["model": .string(settings.model), "input": .array(texts.map(JSONValue.string))]
        let answer = try await service.post(settings.baseURL + "/api/embed", json: body)
        guard let embeddings = answer["embeddings"]?.arrayValue else {
            throw EmbeddingError.badAnswer("Ollama answered without an embeddings array: \(answer.excerpt)")
        }
        var vectors: [[Float]] = []
        for (index, item) in embeddings.enumerated() {
            guard let vector = item.floatVector else {
                throw EmbeddingError.badAnswer("Ollama answered embeddings[\(index)] that is not an array of numbers")
            }
            vectors.append(vector)
        }
        let checked = try VectorNormalization.checked(vectors, texts: texts.count, dimensions: dimensions, provider: "Ollama")
        return EmbeddingResult(vectors: checked, promptTokens: answer["prompt_eval_count"]?.intValue ?? 0)
    }
}
