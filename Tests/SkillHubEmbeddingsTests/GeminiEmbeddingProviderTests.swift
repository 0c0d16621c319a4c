import SkillHubCore
import SkillHubEmbeddings
import Testing

/// A faithful fake of Gemini's `POST /v1beta/models/{model}:batchEmbedContents`: the key in `x-goog-api-key`, each
/// request naming `models/{model}`, Google's error envelope otherwise.
func fakeGemini(model: String = "gemini-embedding-001") -> FakeHTTPServer.Handler {
    { request in
        guard request.path == "/v1beta/models/\(model):batchEmbedContents" else {
            return .json(#"{"error":{"code":404,"message":"models/x is not found for API version v1beta","status":"NOT_FOUND"}}"#, status: 404)
        }
        guard request.header("x-goog-api-key") == "g-key" else {
            return .json(#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#, status: 400)
        }
        let requests = request.json["requests"]?.arrayValue ?? []
        guard requests.allSatisfy({ $0["model"]?.stringValue == "models/\(model)" }) else {
            return .json(#"{"error":{"code":400,"message":"model mismatch","status":"INVALID_ARGUMENT"}}"#, status: 400)
        }
        let embeddings: [JSONValue] = requests.map { item in
            let text = item["content"]?["parts"]?[0]?["text"]?.stringValue ?? ""
            let dims = item["outputDimensionality"]?.intValue ?? 3072
            return ["values": FakeVectors.json(FakeVectors.vector(for: text, dimensions: dims))]
        }
        return .json(["embeddings": .array(embeddings)])
    }
}

@Suite("Gemini embeddings")
struct GeminiEmbeddingProviderTests {
    func provider(_ server: FakeHTTPServer, _ transport: any EmbeddingHTTPTransport, key: String = "g-key") -> GeminiEmbeddingProvider {
        GeminiEmbeddingProvider(settings: .init(baseURL: server.url(), model: "gemini-embedding-001", apiKey: key, dimensions: 6), transport: transport)
    }

    @Test func batchEmbedsWithTheTaskTypeOfThePurpose() async throws {
        try await withFake(fakeGemini()) { server, transport in
            let provider = provider(server, transport)
            let queries = try await provider.embed(["what is rust"], purpose: .query)
            let passages = try await provider.embed(["Rust is a language", "铁锈"], purpose: .passage)
            let query = try #require(server.requests.first)
            #expect(query.method == "POST" && query.uri == "/v1beta/models/gemini-embedding-001:batchEmbedContents")
            #expect(query.header("x-goog-api-key") == "g-key")
            #expect(query.json == ["requests": [[
                "model": "models/gemini-embedding-001", "content": ["parts": [["text": "what is rust"]]],
                "taskType": "RETRIEVAL_QUERY", "outputDimensionality": 6,
            ]]])
            #expect(server.requests[1].json["requests"]?[1]?["taskType"] == "RETRIEVAL_DOCUMENT")
            #expect(close(queries.vectors[0], FakeVectors.unit(for: "what is rust", dimensions: 6)))
            #expect(close(passages.vectors[1], FakeVectors.unit(for: "铁锈", dimensions: 6)))
            #expect(passages.promptTokens == 0)
        }
    }

    @Test func aBadKeyIsRefusedWithGooglesMessage() async throws {
        try await withFake(fakeGemini()) { server, transport in
            let error = try await #require(throws: EmbeddingError.self) {
                try await provider(server, transport, key: "wrong").embed(["a"], purpose: .query)
            }
            #expect(error.reason.contains("API key not valid"), "\(error)")
        }
    }
}
