import Foundation
import RerankEngine
import SkillHubCore
import Testing

@Suite("configuration")
struct ConfigurationTests {
    @Test("defaults: local, 1000 documents, k = 60, the seed's VikingDB host, region and model")
    func defaults() throws {
        let settings = try RerankConfiguration([:])
        #expect(settings.kind == .local)
        #expect(settings.maxDocuments == 1000)
        #expect(settings.rrfK == 60)
        #expect(settings.vikingDBHost == "api-knowledgebase.mlp.cn-beijing.volces.com")
        #expect(settings.vikingDBRegion == "cn-north-1")
        #expect(settings.vikingDBModel == "base-multilingual-rerank")
        #expect(try RerankConfiguration(RerankConfiguration.defaults) == settings)
    }

    @Test("strings from the environment: numbers parsed, type case-insensitive, empty means default")
    func environmentStrings() throws {
        let settings = try RerankConfiguration([
            "rerank_type": " RRF ", "rerank_max_documents": "250", "rrf_k": "10.5", "vikingdb_rerank_region": "",
        ])
        #expect(settings.kind == .rrf)
        #expect(settings.maxDocuments == 250)
        #expect(settings.rrfK == 10.5)
        #expect(settings.vikingDBRegion == "cn-north-1")
    }

    @Test("bad values are refused at start", arguments: [
        (["rerank_type": "ark"], "configuration: rerank_type \"ark\" is not one of local, cohere, tei, vikingdb, rrf"),
        (["rerank_max_documents": "many"], "configuration: rerank_max_documents must be a number, not \"many\""),
        (["rerank_max_documents": 0], "configuration: rerank_max_documents must be a whole number above 0, not 0"),
        (["rerank_max_documents": "2.5"], "configuration: rerank_max_documents must be a whole number above 0, not 2.5"),
        (["rrf_k": "-1"], "configuration: rrf_k must be 0 or more, not -1"),
        (["rerank_type": "cohere"], "configuration: rerank_type cohere needs rerank_api_url"),
        (["rerank_type": "tei", "rerank_api_url": "localhost:8080"], "configuration: rerank_api_url must be an http(s) URL, not \"localhost:8080\""),
        (["rerank_type": "vikingdb", "vikingdb_rerank_ak": "ak"], "configuration: rerank_type vikingdb needs vikingdb_rerank_ak and vikingdb_rerank_sk"),
    ] as [([String: JSONValue], String)])
    func refused(configuration: [String: JSONValue], message: String) throws {
        let error = #expect(throws: RerankError.self) {
            try RerankEngine(configuration: configuration, transport: noNetwork)
        }
        #expect(error?.description == message)
    }

    @Test("rrf (Coze's default) answers fuse, and rerank too: scored in process with BM25, saying provider local")
    func rrfRerankScoresLocally() async throws {
        let engine = try localEngine(["rerank_type": "rrf"])
        #expect(try engine.fuse(["lists": [["a"]]]).results.count == 1)
        let input: JSONValue = [
            "query": "capital of France",
            "documents": ["Berlin is the capital of Germany.", "Paris is the capital of France.", "Bananas are yellow."],
            "top_n": 2,
        ]
        let output = try await engine.rerank(input)
        #expect(output.provider == "local")
        #expect(output.model == nil)
        #expect(output.results.map(\.index) == [1, 0])
        #expect(output.results.first?.relevanceScore == 1)
        // The same answer as rerank_type local.
        #expect(try await localEngine(["rerank_type": "local"]).rerank(input) == output)
        // The JSON the plugin returns names the scorer.
        let json = String(decoding: try JSONEncoder().encode(output), as: UTF8.self)
        #expect(json.contains("\"provider\":\"local\""))
    }
}
