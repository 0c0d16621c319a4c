import SkillHubCore
import SkillHubEmbeddings
import Testing

/// A faithful fake of Coze Studio's HTTP embedding service: `GET /support_status` answers a bare integer,
/// `POST /embedding {texts, need_sparse}` answers `{dense, sparse}`.
func fakeCozeHTTP(dimensions: Int, status: String = "3") -> FakeHTTPServer.Handler {
    { request in
        switch (request.method, request.path) {
        case ("GET", "/support_status"):
            return FakeResponse(status: 200, body: Array(status.utf8), contentType: "text/plain")
        case ("POST", "/embedding"):
            guard let texts = request.json["texts"]?.arrayValue?.compactMap(\.stringValue) else {
                return FakeResponse(status: 400, body: Array("bad request".utf8), contentType: "text/plain")
            }
            let sparse: JSONValue = request.json["need_sparse"] == true ? .array(texts.map { _ in ["7": 0.5] }) : .null
            return .json(["dense": .array(texts.map { FakeVectors.json(FakeVectors.vector(for: $0, dimensions: dimensions)) }), "sparse": sparse])
        default:
            return FakeResponse(status: 404, body: Array("404 page not found".utf8), contentType: "text/plain")
        }
    }
}

@Suite("Coze HTTP embeddings")
struct CozeHTTPEmbeddingProviderTests {
    @Test func postsTextsWithoutSparseAndReadsDense() async throws {
        try await withFake(fakeCozeHTTP(dimensions: 4)) { server, transport in
            let provider = CozeHTTPEmbeddingProvider(settings: .init(address: server.url(), dimensions: 4), transport: transport)
            #expect(try await provider.supportStatus() == .denseAndSparse)
            let result = try await provider.embed(["one", "二"], purpose: .passage)
            let request = try #require(server.requests.last)
            #expect(request.method == "POST" && request.uri == "/embedding")
            #expect(request.header("Content-Type") == "application/json; charset=utf-8")
            #expect(request.json == ["texts": ["one", "二"], "need_sparse": false])
            #expect(close(result.vectors[0], FakeVectors.unit(for: "one", dimensions: 4)))
            #expect(close(result.vectors[1], FakeVectors.unit(for: "二", dimensions: 4)))
        }
    }

    @Test func aSupportStatusThatIsNotOneOrThreeIsABadAnswer() async throws {
        try await withFake(fakeCozeHTTP(dimensions: 4, status: "dense please")) { server, transport in
            let provider = CozeHTTPEmbeddingProvider(settings: .init(address: server.url(), dimensions: 4), transport: transport)
            let error = try await #require(throws: EmbeddingError.self) { try await provider.supportStatus() }
            #expect(error.reason.contains("dense please"), "\(error)")
        }
    }

    @Test func denseOfTheWrongShapeIsABadAnswer() async throws {
        try await withFake({ _ in .json(#"{"dense":[[1,2,3,"x"]]}"#) }) { server, transport in
            let provider = CozeHTTPEmbeddingProvider(settings: .init(address: server.url(), dimensions: 4), transport: transport)
            let error = try await #require(throws: EmbeddingError.self) { try await provider.embed(["a"], purpose: .query) }
            #expect(error == .badAnswer("HTTP embedding service answered dense[0] that is not an array of numbers"))
        }
    }
}
