import RerankEngine
import SkillHubCore
import Testing

@Suite("rerank through a Cohere-shaped endpoint")
struct CohereProviderTests {
    let documents: JSONValue = [
        "Carson City is the capital city of the American state of Nevada.",
        "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.",
        "Capitalization or capitalisation in English grammar is the use of a capital letter at the start of a word.",
        "Washington, D.C. (also known as simply Washington or D.C., and officially as the District of Columbia) is the capital of the United States.",
        "Capital punishment has existed in the United States since before the United States was a country.",
    ]

    /// Cohere's documented answer for these documents and `top_n` 3.
    static let cohereAnswer = """
    {"id": "07734bd2-2473-4f07-94e1-0d9f0e6843cf",
     "results": [{"index": 3, "relevance_score": 0.999071}, {"index": 4, "relevance_score": 0.7867867}, {"index": 0, "relevance_score": 0.32713068}],
     "meta": {"api_version": {"version": "1"}, "billed_units": {"search_units": 1}}}
    """

    func engine(_ transport: FakeTransport, url: String = "https://api.cohere.com", key: String = "co-key") throws -> RerankEngine {
        try RerankEngine(
            configuration: ["rerank_type": "cohere", "rerank_api_url": .string(url), "rerank_api_key": .string(key), "rerank_model": "rerank-english-v3.0"],
            transport: transport.transport
        )
    }

    @Test("request body, headers and parsed answer")
    func roundTrip() async throws {
        let transport = FakeTransport(json: Self.cohereAnswer)
        let output = try await engine(transport).rerank(["query": "What is the capital of the United States?", "documents": documents, "top_n": 3, "return_documents": true])
        let request = try #require(await transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.cohere.com/v1/rerank")
        #expect(request.headers["Authorization"] == "Bearer co-key")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(try await transport.onlyBody() == [
            "model": "rerank-english-v3.0",
            "query": "What is the capital of the United States?",
            "documents": documents,
            "top_n": 3,
            "return_documents": false,
        ])
        #expect(output.provider == "cohere")
        #expect(output.model == "rerank-english-v3.0")
        #expect(output.results.map(\.index) == [3, 4, 0])
        #expect(output.results.map(\.relevanceScore) == [0.999071, 0.7867867, 0.32713068])
        #expect(output.results.first?.document?.text == documents[3]?.stringValue)
    }

    @Test("Jina's answer (documents echoed, usage) parses too; the call's model wins; a URL with a path is kept")
    func jina() async throws {
        let transport = FakeTransport(json: """
        {"model": "jina-reranker-v2-base-multilingual", "usage": {"total_tokens": 815},
         "results": [{"index": 1, "document": {"text": "Organic skincare"}, "relevance_score": 0.8783142566680908},
                     {"index": 0, "document": {"text": "Natural products"}, "relevance_score": 0.5}]}
        """)
        let engine = try engine(transport, url: "https://api.jina.ai/v1/rerank")
        let output = try await engine.rerank(["query": "organic skincare", "documents": ["Natural products", "Organic skincare"], "model": "jina-reranker-v2-base-multilingual"])
        #expect(await transport.requests.first?.url == "https://api.jina.ai/v1/rerank")
        #expect(try await transport.onlyBody()["model"] == "jina-reranker-v2-base-multilingual")
        #expect(output.model == "jina-reranker-v2-base-multilingual")
        #expect(output.results.map(\.index) == [1, 0])
    }

    @Test("no key, no Authorization header; no model, no model member")
    func anonymous() async throws {
        let transport = FakeTransport(json: #"{"results": [{"index": 0, "relevance_score": 0.5}]}"#)
        let engine = try RerankEngine(configuration: ["rerank_type": "cohere", "rerank_api_url": "http://127.0.0.1:8000/"], transport: transport.transport)
        _ = try await engine.rerank(["query": "q", "documents": ["a"]])
        let request = try #require(await transport.requests.first)
        #expect(request.url == "http://127.0.0.1:8000/v1/rerank")
        #expect(request.headers["Authorization"] == nil)
        #expect(try await transport.onlyBody()["model"] == nil)
    }

    @Test("failures name the provider", arguments: [
        (401, #"{"message": "invalid api token"}"#, "rerank provider cohere failed: HTTP 401: invalid api token"),
        (500, "upstream exploded", "rerank provider cohere failed: HTTP 500: upstream exploded"),
        (200, "<html>", "rerank provider cohere failed: unexpected answer: <html>"),
        (200, #"{"results": [{"index": 9, "relevance_score": 0.5}]}"#, "rerank provider cohere failed: answered index 9 for 1 documents"),
        (200, #"{"results": [{"index": 0, "relevance_score": 0.5}, {"index": 0, "relevance_score": 0.4}]}"#, "rerank provider cohere failed: answered index 0 for 1 documents"),
    ])
    func failures(status: Int, body: String, message: String) async throws {
        let error = await #expect(throws: RerankError.self) {
            try await engine(FakeTransport(status: status, json: body)).rerank(["query": "q", "documents": ["a"]])
        }
        #expect(error?.description == message)
    }

    @Test("an unreachable provider")
    func unreachable() async throws {
        await #expect(throws: RerankError.providerUnreachable(provider: "cohere", underlying: "connection refused")) {
            try await engine(FakeTransport(failure: Offline())).rerank(["query": "q", "documents": ["a"]])
        }
    }
}
