import RerankEngine
import SkillHubCore
import Testing

@Suite("parameter schemas")
struct SchemaTests {
    @Test("rerank's schema compiles, accepts the documented shapes and refuses bad ones")
    func rerank() throws {
        let schema = try JSONSchema(RerankSchemas.rerank)
        #expect(schema.isValid(["query": "q", "documents": ["a", ["id": "x", "text": "b", "metadata": ["page": 1]]], "top_n": 2, "return_documents": true]))
        #expect(!schema.isValid(["query": "", "documents": ["a"]]))
        #expect(!schema.isValid(["query": "q", "documents": []]))
        #expect(!schema.isValid(["query": "q", "documents": [["id": "x"]]]))
        #expect(!schema.isValid(["query": "q", "documents": ["a"], "top_n": 0]))
    }

    @Test("fuse's schema compiles, accepts the documented shapes and refuses bad ones")
    func fuse() throws {
        let schema = try JSONSchema(RerankSchemas.fuse)
        #expect(schema.isValid(["lists": [["a", "b"], [["id": "b", "score": 0.5]], []], "k": 60, "top_n": 5]))
        #expect(!schema.isValid(["lists": []]))
        #expect(!schema.isValid(["lists": [["a", 3]]]))
        #expect(!schema.isValid(["lists": [[["text": "no id"]]]]))
        #expect(!schema.isValid(["lists": [["a"]], "k": -1]))
    }
}
