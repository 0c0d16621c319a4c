import SkillHubCore
import SkillHubEmbeddings
import Testing

/// A faithful fake of Ollama's `POST /api/embed`: an unknown model is a 404 with Ollama's message.
func fakeOllama(dimensions: Int, models: Set<String> = ["nomic-embed-text"]) -> FakeHTTPServer.Handler {
    { request in
        guard request.method == "POST", request.path == "/api/embed" else { return FakeResponse(status: 404, body: Array("404 page not found".utf8), contentType: "text/plain") }
        guard let model = request.json["model"]?.stringValue, models.contains(model) else {
            let name = request.json["model"]?.stringValue ?? ""
            return .json(["error": .string("model \"\(name)\" not found, try pulling it first")], status: 404)
        }
        let inputs = request.json["input"]?.arrayValue?.compactMap(\.stringValue) ?? request.json["input"]?.stringValue.map { [$0] } ?? []
        return .json([
            "model": .string(model),
            "embeddings": .array(inputs.map { FakeVectors.json(FakeVectors.vector(for: $0, dimensions: dimensions)) }),
            "total_duration": 14_143_917, "load_duration": 1_019_500, "prompt_eval_count": .number(Double(inputs.count * 4)),
        ])
    }
}

@Suite("Ollama embeddings")
struct OllamaEmbeddingProviderTests {
    @Test func sendsTheModelAndInputsAndReadsEmbeddings() async throws {
        try await withFake(fakeOllama(dimensions: 5)) { server, transport in
            let provider = OllamaEmbeddingProvider(settings: .init(baseURL: server.url(), model: "nomic-embed-text", dimensions: 5), transport: transport)
            let result = try await provider.embed(["why is the sky blue?", "天空为什么是蓝色的"], purpose: .query)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST" && request.uri == "/api/embed")
            #expect(request.json == ["model": "nomic-embed-text", "input": ["why is the sky blue?", "天空为什么是蓝色的"]])
            #expect(close(result.vectors[1], FakeVectors.unit(for: "天空为什么是蓝色的", dimensions: 5)))
            #expect(result.promptTokens == 8)
            #expect(provider.model == "nomic-embed-text" && provider.dimensions == 5)
        }
    }

    @Test func aModelNotPulledIsUnavailableWithOllamasReason() async throws {
        try await withFake(fakeOllama(dimensions: 5)) { server, transport in
            let provider = OllamaEmbeddingProvider(settings: .init(baseURL: server.url(), model: "bge-m3", dimensions: 5), transport: transport)
            let error = try await #require(throws: EmbeddingError.self) { try await provider.embed(["a"], purpose: .query) }
            guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("Ollama") && reason.contains("not found, try pulling it first"), "\(reason)")
        }
    }

    @Test func theWrongDimensionIsABadAnswer() async throws {
        try await withFake(fakeOllama(dimensions: 7)) { server, transport in
            let provider = OllamaEmbeddingProvider(settings: .init(baseURL: server.url(), model: "nomic-embed-text", dimensions: 5), transport: transport)
            let error = try await #require(throws: EmbeddingError.self) { try await provider.embed(["a"], purpose: .passage) }
            #expect(error == .badAnswer("Ollama answered a vector of 7 dimensions for text 0; expected 5"))
        }
    }
}
