import SkillHubCore
import SkillHubEmbeddings
import Testing

/// A faithful fake of OpenAI's `POST /v1/embeddings`: bearer key checked, `data` answered in reverse order (the
/// index decides), usage counted.
func fakeOpenAI(dimensions: Int, key: String = "sk-test") -> FakeHTTPServer.Handler {
    { request in
        guard request.method == "POST", request.path == "/v1/embeddings" else {
            return .json(#"{"error":{"message":"Unknown request URL","type":"invalid_request_error"}}"#, status: 404)
        }
        guard request.header("Authorization") == "Bearer \(key)" else {
            return .json(#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#, status: 401)
        }
        guard let inputs = request.json["input"]?.arrayValue?.compactMap(\.stringValue), request.json["model"]?.stringValue != nil else {
            return .json(#"{"error":{"message":"'input' is a required property","type":"invalid_request_error"}}"#, status: 400)
        }
        let dims = request.json["dimensions"]?.intValue ?? dimensions
        let data: [JSONValue] = inputs.enumerated().reversed().map { index, text in
            ["object": "embedding", "index": .number(Double(index)), "embedding": FakeVectors.json(FakeVectors.vector(for: text, dimensions: dims))]
        }
        let tokens = inputs.reduce(0) { $0 + $1.split(separator: " ").count }
        return .json([
            "object": "list", "data": .array(data), "model": request.json["model"] ?? .null,
            "usage": ["prompt_tokens": .number(Double(tokens)), "total_tokens": .number(Double(tokens))],
        ])
    }
}

@Suite("OpenAI embeddings")
struct OpenAIEmbeddingProviderTests {
    func settings(_ server: FakeHTTPServer, dimensions: Int = 8, requestDimensions: Int? = nil) -> EmbeddingSettings.OpenAI {
        EmbeddingSettings.OpenAI(baseURL: server.url("/v1"), model: "text-embedding-3-small", apiKey: "sk-test", dimensions: dimensions, requestDimensions: requestDimensions)
    }

    @Test func sendsOpenAIsRequestAndReadsTheAnswerInIndexOrder() async throws {
        try await withFake(fakeOpenAI(dimensions: 8)) { server, transport in
            let provider = OpenAIEmbeddingProvider(settings: settings(server), transport: transport)
            let result = try await provider.embed(["hello world", "你好 世界", "third text here"], purpose: .passage)

            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/v1/embeddings")
            #expect(request.header("Authorization") == "Bearer sk-test")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.json["input"] == ["hello world", "你好 世界", "third text here"])
            #expect(request.json["model"] == "text-embedding-3-small")
            #expect(request.json["encoding_format"] == "float")
            #expect(request.json["dimensions"] == nil)

            #expect(result.vectors.count == 3)
            for (vector, text) in zip(result.vectors, ["hello world", "你好 世界", "third text here"]) {
                #expect(close(vector, FakeVectors.unit(for: text, dimensions: 8)))
                #expect(abs(norm(vector) - 1) < 1e-5)
            }
            #expect(result.promptTokens == 7)
        }
    }

    @Test func requestDimensionsAreSentWhenSet() async throws {
        try await withFake(fakeOpenAI(dimensions: 8)) { server, transport in
            let provider = OpenAIEmbeddingProvider(settings: settings(server, dimensions: 4, requestDimensions: 4), transport: transport)
            let result = try await provider.embed(["a"], purpose: .query)
            #expect(server.requests.first?.json["dimensions"] == 4)
            #expect(result.vectors.first?.count == 4)
        }
    }

    @Test func azureUsesTheDeploymentURLAndTheApiKeyHeader() async throws {
        let handler: FakeHTTPServer.Handler = { request in
            guard request.path == "/openai/deployments/my-embedder/embeddings", request.query == "api-version=2024-10-21",
                  request.header("api-key") == "azure-key", request.header("Authorization") == nil else {
                return .json(#"{"error":{"code":"404","message":"Resource not found"}}"#, status: 404)
            }
            let inputs = request.json["input"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let data: [JSONValue] = inputs.enumerated().map { index, text in
                ["object": "embedding", "index": .number(Double(index)), "embedding": FakeVectors.json(FakeVectors.vector(for: text, dimensions: 6))]
            }
            return .json(["object": "list", "data": .array(data), "model": "text-embedding-3-small", "usage": ["prompt_tokens": 2, "total_tokens": 2]])
        }
        try await withFake(handler) { server, transport in
            let settings = EmbeddingSettings.OpenAI(
                baseURL: server.url(), model: "my-embedder", apiKey: "azure-key", dimensions: 6, byAzure: true, apiVersion: "2024-10-21"
            )
            let provider = OpenAIEmbeddingProvider(settings: settings, transport: transport)
            #expect(provider.url == server.url("/openai/deployments/my-embedder/embeddings?api-version=2024-10-21"))
            let result = try await provider.embed(["x", "y"], purpose: .passage)
            #expect(result.vectors.count == 2)
            #expect(result.promptTokens == 2)
        }
    }

    @Test func aWrongKeyIsUnavailableWithTheServicesMessage() async throws {
        try await withFake(fakeOpenAI(dimensions: 8, key: "other")) { server, transport in
            let provider = OpenAIEmbeddingProvider(settings: settings(server), transport: transport)
            let error = try await #require(throws: EmbeddingError.self) { try await provider.embed(["a"], purpose: .query) }
            guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("401") && reason.contains("Incorrect API key"), "\(reason)")
        }
    }

    @Test func aBase64AnswerIsDecoded() async throws {
        // float32 little-endian 3, 4 → normalised 0.6, 0.8
        let handler: FakeHTTPServer.Handler = { _ in
            .json(#"{"object":"list","data":[{"object":"embedding","index":0,"embedding":"AABAQAAAgEA="}],"usage":{"prompt_tokens":1}}"#)
        }
        try await withFake(handler) { server, transport in
            let provider = OpenAIEmbeddingProvider(settings: settings(server, dimensions: 2), transport: transport)
            let result = try await provider.embed(["a"], purpose: .query)
            #expect(close(result.vectors[0], [0.6, 0.8]))
        }
    }
}
