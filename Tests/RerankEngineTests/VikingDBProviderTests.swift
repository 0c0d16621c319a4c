import Foundation
import RerankEngine
import SkillHubCore
import Testing

@Suite("rerank through VikingDB")
struct VikingDBProviderTests {
    /// 2024-05-01T12:34:56Z
    static let signingTime = Date(timeIntervalSince1970: 1_714_566_896)

    func engine(_ transport: FakeTransport, _ extra: [String: JSONValue] = [:]) throws -> RerankEngine {
        var configuration: [String: JSONValue] = ["rerank_type": "vikingdb", "vikingdb_rerank_ak": "AKLTtest", "vikingdb_rerank_sk": "c2VjcmV0"]
        configuration.merge(extra) { _, new in new }
        return try RerankEngine(configuration: configuration, transport: transport.transport, clock: { Self.signingTime })
    }

    @Test("signed request with one query-content pair per document; scores by position")
    func roundTrip() async throws {
        let transport = FakeTransport(json: #"{"code": 0, "message": "success", "request_id": "02171456689", "data": {"scores": [0.27, 0.91], "token_usage": 52}}"#)
        let input = try json("""
        {"query": "保留对话数据吗", "return_documents": true,
         "documents": ["会保留", {"id": "faq-2", "text": "不会保留", "metadata": {"title": "隐私"}}]}
        """)
        let output = try await engine(transport).rerank(input)
        let request = try #require(await transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api-knowledgebase.mlp.cn-beijing.volces.com/api/knowledge/service/rerank")
        #expect(try await transport.onlyBody() == [
            "rerank_model": "base-multilingual-rerank",
            "datas": [
                ["query": "保留对话数据吗", "content": "会保留"],
                ["query": "保留对话数据吗", "content": "不会保留", "title": "隐私"],
            ],
        ])
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["X-Date"] == "20240501T123456Z")
        #expect(request.headers["X-Content-Sha256"]?.count == 64)
        let authorization = try #require(request.headers["Authorization"])
        #expect(authorization.hasPrefix("HMAC-SHA256 Credential=AKLTtest/20240501/cn-north-1/air/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature="))
        #expect(!authorization.contains("c2VjcmV0"))
        #expect(output.provider == "vikingdb")
        #expect(output.model == "base-multilingual-rerank")
        #expect(output.results.map(\.index) == [1, 0])
        #expect(output.results.map(\.id) == ["faq-2", nil])
        #expect(output.results.map(\.relevanceScore) == [0.91, 0.27])
    }

    @Test("host, region and model from the configuration; the call's model wins")
    func configured() async throws {
        let transport = FakeTransport(json: #"{"code": 0, "data": {"scores": [0.5]}}"#)
        let engine = try engine(transport, ["vikingdb_rerank_host": "http://127.0.0.1:9000", "vikingdb_rerank_region": "cn-beijing", "vikingdb_rerank_model": "m3-v2-rerank"])
        let output = try await engine.rerank(["query": "q", "documents": ["a"], "model": "doubao-seed-rerank"])
        let request = try #require(await transport.requests.first)
        #expect(request.url == "http://127.0.0.1:9000/api/knowledge/service/rerank")
        #expect(request.headers["Authorization"]?.contains("/cn-beijing/air/request") == true)
        #expect(try await transport.onlyBody()["rerank_model"] == "doubao-seed-rerank")
        #expect(output.model == "doubao-seed-rerank")
    }

    @Test("failures name the provider", arguments: [
        (200, #"{"code": 1000001, "message": "unauthorized", "request_id": "x"}"#, "rerank provider vikingdb failed: code 1000001: unauthorized"),
        (401, #"{"code": 1000001, "message": "invalid signature", "request_id": "x"}"#, "rerank provider vikingdb failed: HTTP 401: invalid signature"),
        (200, #"{"code": 0, "data": {"scores": [0.5, 0.4]}}"#, "rerank provider vikingdb failed: answered 2 scores for 1 documents"),
        (200, #"{"code": 0}"#, "rerank provider vikingdb failed: code 0: no message"),
    ])
    func failures(status: Int, body: String, message: String) async throws {
        let error = await #expect(throws: RerankError.self) {
            try await engine(FakeTransport(status: status, json: body)).rerank(["query": "q", "documents": ["a"]])
        }
        #expect(error?.description == message)
    }
}
