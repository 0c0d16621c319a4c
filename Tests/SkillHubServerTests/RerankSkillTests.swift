import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("The rerank plugin through the running server")
struct RerankSkillTests {
    /// Cohere's own example request body for `/v1/rerank`.
    static let cohereExample = #"""
    {"model": "rerank-english-v3.0", "query": "What is the capital of the United States?", "top_n": 3, "return_documents": true,
     "documents": ["Carson City is the capital city of the American state of Nevada.",
                   "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.",
                   "Washington, D.C. (also known as simply Washington or D.C., and officially as the District of Columbia) is the capital of the United States. It is a federal district.",
                   "Capitalization or capitalisation in English grammar is the use of a capital letter at the start of a word. English usage varies from capitalization in other contexts.",
                   "Capital punishment has existed in the United States since beforethe United States was a country. As of 2017, capital punishment is legal in 30 of the 50 states."]}
    """#

    static func bearer(_ client: any TestClientProtocol, key: String, _ uri: String, _ json: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"], body: ByteBuffer(string: json)
        )
    }

    @Test func theCohereShapedRouteRanksLocallyWithAnAPIKeyAsBearer() async throws {
        try await TestApplication.make(environment: TestApplication.plugins("rerank")).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey

            let ranked = try await Self.bearer(client, key: key, "/v1/rerank", Self.cohereExample)
            #expect(ranked.status == .ok)
            let answer = try ranked.value()
            let results = try #require(answer["results"]?.arrayValue)
            #expect(results.count == 3)
            // BM25 is lexical: the two documents sharing "capital" and "United States" with the query lead.
            #expect(Set(results.prefix(2).compactMap { $0["index"]?.intValue }) == [2, 4])
            let washington = results.first { $0["index"] == 2 }
            #expect(washington?["document"]?["text"]?.stringValue?.hasPrefix("Washington") == true)
            #expect(answer["id"]?.stringValue != nil)
            let scores = results.compactMap { $0["relevance_score"]?.doubleValue }
            #expect(scores == scores.sorted(by: >))

            // Bad input answers 400 in the envelope, naming the field.
            let noDocuments = try await Self.bearer(client, key: key, "/v1/rerank", #"{"query": "q", "documents": []}"#)
            #expect(noDocuments.status == .badRequest)
            #expect(try noDocuments.invalidFields() == ["documents"])
            let zeroTop = try await Self.bearer(client, key: key, "/v1/rerank", #"{"query": "q", "documents": ["a"], "top_n": 0}"#)
            #expect(try zeroTop.invalidFields() == ["top_n"])
            let blank = try await Self.bearer(client, key: key, "/v1/rerank", #"{"query": "   ", "documents": ["a"]}"#)
            #expect(blank.status == .badRequest)
            #expect(try await Self.bearer(client, key: "shk_not-a-key", "/v1/rerank", Self.cohereExample).status == .unauthorized)
            // The root key works as a bearer credential too (it is not shaped like a JWT).
            #expect(try await Self.bearer(client, key: TestApplication.rootKey, "/v1/rerank", Self.cohereExample).status == .ok)
        }
    }

    /// The body `cohere` 7.x `ClientV2.rerank` posts to `/v2/rerank`: plain string documents.
    static let cohereV2Example = #"""
    {"model": "rerank-v3.5", "query": "What is the capital of the United States?", "top_n": 2, "max_tokens_per_doc": 4096,
     "documents": ["Carson City is the capital city of the American state of Nevada.",
                   "Washington, D.C. is the capital of the United States. It is a federal district.",
                   "Capitalization in English grammar is the use of a capital letter at the start of a word."]}
    """#

    @Test func cohereV2RouteAndRRFConfigurationAnswerWithTheLocalScorer() async throws {
        // RERANK_TYPE=rrf (Coze's default) names no reranker: rerank must still answer, scored locally.
        var environment = try TestApplication.plugins("rerank")
        environment["RERANK_TYPE"] = "rrf"
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey

            let ranked = try await Self.bearer(client, key: key, "/v2/rerank", Self.cohereV2Example)
            #expect(ranked.status == .ok)
            let answer = try ranked.value()
            #expect(answer["id"]?.stringValue != nil)
            let results = try #require(answer["results"]?.arrayValue)
            #expect(results.count == 2)
            #expect(results.first?["index"] == 1)
            // Cohere's V2RerankResponseResultsItem: index and relevance_score only.
            #expect(results.allSatisfy { Set(($0.objectValue ?? [:]).keys) == ["index", "relevance_score"] })
            #expect(answer["meta"]?["api_version"]?["version"] == "2")
            #expect(answer["meta"]?["billed_units"]?["search_units"]?.doubleValue == 1)
            #expect(answer["meta"]?["provider"] == "local")

            // /v1 answers under rrf too (it was 502 before), and so does the capability.
            let v1 = try await Self.bearer(client, key: key, "/v1/rerank", Self.cohereExample)
            #expect(v1.status == .ok)
            #expect(try v1.value()["meta"]?["provider"] == "local")
            let invoked = try await Self.bearer(
                client, key: key, "/api/v1/skills/rerank/invoke",
                #"{"capability": "rerank", "input": {"query": "red apple", "documents": ["a green pear", "a red apple"]}}"#)
            #expect(invoked.status == .ok)
            #expect(try invoked.value()["output"]?["provider"] == "local")
            #expect(try invoked.value()["output"]?["results"]?[0]?["index"] == 1)

            // v2 documents are strings: objects, unknown fields and missing credentials are refused.
            let objects = try await Self.bearer(client, key: key, "/v2/rerank", #"{"model": "m", "query": "q", "documents": ["a", {"text": "b"}]}"#)
            #expect(objects.status == .badRequest)
            #expect(try objects.invalidFields() == ["documents[1]"])
            let unknown = try await Self.bearer(client, key: key, "/v2/rerank", #"{"model": "m", "query": "q", "documents": ["a"], "return_documents": true}"#)
            #expect(try unknown.invalidFields() == ["return_documents"])
            let empty = try await Self.bearer(client, key: key, "/v2/rerank", #"{"model": "m", "query": "q", "documents": []}"#)
            #expect(try empty.invalidFields() == ["documents"])
            #expect(try await Self.bearer(client, key: "shk_not-a-key", "/v2/rerank", Self.cohereV2Example).status == .unauthorized)
        }
    }

    @Test func fusionAndChineseRankingThroughInvoke() async throws {
        try await TestApplication.make(environment: TestApplication.plugins("rerank")).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)

            // a: ranks 1 and 2 → 1/61 + 1/62; b: 2 and 1 → the same; c: rank 3 once → 1/63.
            let fused = try await user.post("/api/v1/skills/rerank/invoke", #"{"capability": "fuse", "input": {"lists": [["a", "b", "c"], ["b", "a"]]}}"#)
            #expect(fused.status == .ok)
            let results = try #require(try fused.value()["output"]?["results"]?.arrayValue)
            #expect(results.compactMap { $0["id"]?.stringValue } == ["a", "b", "c"])
            #expect(abs((results[0]["score"]?.doubleValue ?? 0) - (1.0 / 61 + 1.0 / 62)) < 1e-9)

            let chinese = try await user.post(
                "/api/v1/skills/rerank/invoke",
                #"{"capability": "rerank", "input": {"query": "机器学习的应用", "documents": ["今天天气很好", "机器学习是人工智能的一个分支，应用广泛。", "股票市场下跌"]}}"#
            )
            #expect(try chinese.value()["output"]?["results"]?[0]?["index"] == 1)

            // Discovery shows the plugin with both capabilities.
            let discovered = try await user.get("/api/v1/skills/discover?name=rerank").value()
            let names = discovered["data"]?["skills"]?[0]?["capabilities"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(Set(names ?? []) == ["rerank", "fuse"])
        }
    }

    @Test func aCohereShapedProviderIsCalledThroughTheHost() async throws {
        let provider = try await RemoteSkillServer.start(name: "cohere")
        defer { Task { await provider.stop() } }
        var environment = try TestApplication.plugins("rerank")
        environment["RERANK_TYPE"] = "cohere"
        environment["RERANK_API_URL"] = provider.url("/v1/rerank")
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let ranked = try await Self.bearer(client, key: key, "/v1/rerank", #"{"query": "red apple", "documents": ["a green pear", "a red apple", "red wine"], "top_n": 2}"#)
            #expect(ranked.status == .ok)
            #expect(try ranked.value()["results"]?.arrayValue?.compactMap { $0["index"]?.doubleValue } == [1, 2])
            #expect(provider.callCount == 1)

            await provider.stop()
            let down = try await Self.bearer(client, key: key, "/v1/rerank", #"{"query": "red apple", "documents": ["a"]}"#)
            #expect(down.status == .serviceUnavailable)
            #expect(try down.value()["message"]?.stringValue?.contains("cohere") == true)
        }
    }

    @Test func teiAndVikingDBAreCalledThroughTheHostWhenConfigured() async throws {
        let fake = try await FakeProviders.start()
        defer { Task { await fake.stop() } }
        let body = #"{"query": "red apple", "documents": ["a green pear", "a red apple", "red wine"], "top_n": 2}"#

        var tei = try TestApplication.plugins("rerank")
        tei["RERANK_TYPE"] = "tei"
        tei["RERANK_API_URL"] = fake.base
        try await TestApplication.make(environment: tei).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let ranked = try await Self.bearer(client, key: key, "/v1/rerank", body)
            #expect(ranked.status == .ok)
            #expect(try ranked.value()["results"]?.arrayValue?.compactMap { $0["index"]?.intValue } == [1, 2])
            #expect(try ranked.value()["meta"]?["provider"] == "tei")
        }
        #expect(fake.requests(to: "tei").count == 1)

        var viking = try TestApplication.plugins("rerank")
        viking["RERANK_TYPE"] = "vikingdb"
        viking["VIKINGDB_RERANK_HOST"] = fake.base
        viking["VIKINGDB_RERANK_AK"] = "AKfake"
        viking["VIKINGDB_RERANK_SK"] = "c2VjcmV0"
        try await TestApplication.make(environment: viking).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let ranked = try await Self.bearer(client, key: key, "/v1/rerank", body)
            #expect(ranked.status == .ok)
            #expect(try ranked.value()["results"]?.arrayValue?.compactMap { $0["index"]?.intValue } == [1, 2])
        }
        let signed = try #require(fake.requests(to: "vikingdb").first)
        #expect(signed[.authorization]?.contains("Credential=AKfake/") == true)
    }
}
