import RerankEngine
import SkillHubCore
import Testing

@Suite("rerank through Text Embeddings Inference")
struct TEIProviderTests {
    func engine(_ transport: FakeTransport) throws -> RerankEngine {
        try RerankEngine(configuration: ["rerank_type": "tei", "rerank_api_url": "http://127.0.0.1:8080"], transport: transport.transport)
    }

    @Test("request body and parsed answer, trimmed to top_n")
    func roundTrip() async throws {
        // TEI's documented example: "What is Deep Learning?" against two texts
        let transport = FakeTransport(json: #"[{"index": 1, "score": 0.9976404}, {"index": 0, "score": 0.0011218364}, {"index": 2, "score": 0.0002}]"#)
        let output = try await engine(transport).rerank([
            "query": "What is Deep Learning?",
            "documents": ["Deep Learning is not...", "Deep learning is...", "Bananas"],
            "top_n": 2,
        ])
        let request = try #require(await transport.requests.first)
        #expect(request.url == "http://127.0.0.1:8080/rerank")
        #expect(request.headers["Authorization"] == nil)
        #expect(try await transport.onlyBody() == [
            "query": "What is Deep Learning?",
            "texts": ["Deep Learning is not...", "Deep learning is...", "Bananas"],
            "raw_scores": false,
            "return_text": false,
            "truncate": true,
        ])
        #expect(output.provider == "tei")
        #expect(output.model == nil)
        #expect(output.results.map(\.index) == [1, 0])
        #expect(output.results.map(\.relevanceScore) == [0.9976404, 0.0011218364])
    }

    @Test("TEI's error answer")
    func failure() async throws {
        let transport = FakeTransport(status: 413, json: #"{"error": "batch size 2000 > maximum allowed batch size 32", "error_type": "Validation"}"#)
        let error = await #expect(throws: RerankError.self) {
            try await engine(transport).rerank(["query": "q", "documents": ["a"]])
        }
        #expect(error?.description == "rerank provider tei failed: HTTP 413: batch size 2000 > maximum allowed batch size 32")
    }

    @Test("an answer that is not a list")
    func wrongShape() async throws {
        let error = await #expect(throws: RerankError.self) {
            try await engine(FakeTransport(json: #"{"results": []}"#)).rerank(["query": "q", "documents": ["a"]])
        }
        guard case .providerFailed(provider: "tei", _)? = error else {
            Issue.record("expected a tei failure, got \(String(describing: error))")
            return
        }
    }
}
