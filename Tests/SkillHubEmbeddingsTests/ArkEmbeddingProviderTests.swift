import SkillHubCore
import SkillHubEmbeddings
import Testing

/// A faithful fake of Volcengine Ark: `POST /api/v3/embeddings` (OpenAI's shape) and `POST /api/v3/embeddings/multimodal`
/// (one fused vector for all the inputs of a request), Bearer key, vectors of `dimensions` (longer than configured,
/// as Doubao's 2560 are).
func fakeArk(dimensions: Int) -> FakeHTTPServer.Handler {
    { request in
        guard request.header("Authorization") == "Bearer ark-key" else {
            return .json(#"{"error":{"code":"AuthenticationError","message":"the API key is invalid","type":"Unauthorized"}}"#, status: 401)
        }
        switch request.path {
        case "/api/v3/embeddings":
            let inputs = request.json["input"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let data: [JSONValue] = inputs.enumerated().map { index, text in
                ["index": .number(Double(index)), "embedding": FakeVectors.json(FakeVectors.vector(for: text, dimensions: dimensions)), "object": "embedding"]
            }
            return .json(["id": "021", "model": request.json["model"] ?? .null, "object": "list", "data": .array(data), "usage": ["prompt_tokens": 9, "total_tokens": 9]])
        case "/api/v3/embeddings/multimodal":
            let parts = request.json["input"]?.arrayValue ?? []
            guard !parts.isEmpty, parts.allSatisfy({ $0["type"] == "text" && $0["text"]?.stringValue != nil }) else {
                return .json(#"{"error":{"code":"InvalidParameter","message":"input is invalid"}}"#, status: 400)
            }
            let text = parts.compactMap { $0["text"]?.stringValue }.joined()
            return .json([
                "id": "021", "model": request.json["model"] ?? .null, "object": "list",
                "data": ["embedding": FakeVectors.json(FakeVectors.vector(for: text, dimensions: dimensions)), "object": "embedding"],
                "usage": ["prompt_tokens": 5, "prompt_tokens_details": ["image_tokens": 0, "text_tokens": 5], "total_tokens": 5],
            ])
        default:
            return .json(#"{"error":{"code":"NotFound","message":"not found"}}"#, status: 404)
        }
    }
}

@Suite("Ark embeddings")
struct ArkEmbeddingProviderTests {
    func settings(_ server: FakeHTTPServer, type: EmbeddingSettings.Ark.APIType) -> EmbeddingSettings.Ark {
        .init(baseURL: server.url("/api/v3"), model: "doubao-embedding-large-text-250515", apiKey: "ark-key", dimensions: 4, apiType: type)
    }

    @Test func textEmbeddingsAreCutToTheDimensionsAndNormalisedAgain() async throws {
        try await withFake(fakeArk(dimensions: 10)) { server, transport in
            let provider = ArkEmbeddingProvider(settings: settings(server, type: .text), transport: transport)
            let result = try await provider.embed(["天气", "weather"], purpose: .passage)
            let request = try #require(server.requests.first)
            #expect(request.uri == "/api/v3/embeddings")
            #expect(request.json["input"] == ["天气", "weather"])
            #expect(request.json["model"] == "doubao-embedding-large-text-250515")
            let full = FakeVectors.vector(for: "天气", dimensions: 10).prefix(4)
            let length = full.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(close(result.vectors[0], full.map { Float($0 / length) }))
            #expect(result.promptTokens == 9)
        }
    }

    @Test func multimodalSendsEachTextAsATextPart() async throws {
        try await withFake(fakeArk(dimensions: 4)) { server, transport in
            let provider = ArkEmbeddingProvider(settings: settings(server, type: .multiModal), transport: transport)
            let result = try await provider.embed(["first", "second"], purpose: .query)
            #expect(server.requests.count == 2)
            #expect(server.requests.map(\.uri) == ["/api/v3/embeddings/multimodal", "/api/v3/embeddings/multimodal"])
            #expect(server.requests[1].json["input"] == [["type": "text", "text": "second"]])
            #expect(close(result.vectors[1], FakeVectors.unit(for: "second", dimensions: 4)))
            #expect(result.promptTokens == 10)
        }
    }

    @Test func shorterVectorsThanConfiguredAreABadAnswer() async throws {
        try await withFake(fakeArk(dimensions: 3)) { server, transport in
            let provider = ArkEmbeddingProvider(settings: settings(server, type: .text), transport: transport)
            let error = try await #require(throws: EmbeddingError.self) { try await provider.embed(["a"], purpose: .query) }
            #expect(error.reason.contains("3 dimensions") && error.reason.contains("expected 4"), "\(error)")
        }
    }
}
