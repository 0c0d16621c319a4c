import RerankEngine
import SkillHubCore
import Testing

@Suite("bad input")
struct InputErrorTests {
    @Test("rerank", arguments: [
        ("[1, 2]", "the input must be a JSON object"),
        (#"{"documents": ["a"]}"#, "query is required: a non-empty string"),
        (#"{"query": 3, "documents": ["a"]}"#, "query is required: a non-empty string"),
        (#"{"query": "  ", "documents": ["a"]}"#, "query must not be empty"),
        (#"{"query": "q"}"#, #"documents is required: an array of strings or {"text": …} objects"#),
        (#"{"query": "q", "documents": "a"}"#, #"documents is required: an array of strings or {"text": …} objects"#),
        (#"{"query": "q", "documents": []}"#, "documents must hold at least one document"),
        (#"{"query": "q", "documents": ["a", 7]}"#, #"documents[1] must be a string or an object with a string "text""#),
        (#"{"query": "q", "documents": [{"id": "x"}]}"#, #"documents[0] must have a string "text""#),
        (#"{"query": "q", "documents": [{"text": "t", "id": 5}]}"#, "documents[0].id must be a string"),
        (#"{"query": "q", "documents": ["a"], "top_n": 0}"#, "top_n must be at least 1, not 0"),
        (#"{"query": "q", "documents": ["a"], "top_n": -2}"#, "top_n must be at least 1, not -2"),
        (#"{"query": "q", "documents": ["a"], "top_n": 1.5}"#, "top_n must be a whole number, not 1.5"),
        (#"{"query": "q", "documents": ["a"], "top_n": "3"}"#, "top_n must be a number"),
        (#"{"query": "q", "documents": ["a"], "return_documents": "yes"}"#, "return_documents must be true or false"),
        (#"{"query": "q", "documents": ["a"], "model": 1}"#, "model must be a string"),
    ])
    func rerank(input: String, message: String) async throws {
        await #expect(throws: RerankError.invalidInput(message)) {
            try await localEngine().rerank(try json(input))
        }
    }

    @Test("rerank: bytes that are not JSON")
    func notJSON() async throws {
        await #expect(throws: RerankError.invalidInput("the input is not valid JSON")) {
            try await localEngine().rerank(json: Array("{query".utf8))
        }
    }

    @Test("rerank: more documents than rerank_max_documents")
    func tooManyDocuments() async throws {
        let engine = try localEngine(["rerank_max_documents": "2"])
        await #expect(throws: RerankError.invalidInput("documents has 3 entries; the most is 2 (rerank_max_documents)")) {
            try await engine.rerank(["query": "q", "documents": ["a", "b", "c"]])
        }
        _ = try await engine.rerank(["query": "q", "documents": ["a", "b"]])
    }

    @Test("fuse", arguments: [
        ("{}", #"lists is required: an array of ranked lists, each an array of ids or {"id": …} objects"#),
        (#"{"lists": "a"}"#, #"lists is required: an array of ranked lists, each an array of ids or {"id": …} objects"#),
        (#"{"lists": []}"#, "lists must hold at least one list"),
        (#"{"lists": [["a"], "b"]}"#, "lists[1] must be an array"),
        (#"{"lists": [["a", 3]]}"#, #"lists[0][1] must be a non-empty id string or an object with a string "id""#),
        (#"{"lists": [["a", ""]]}"#, #"lists[0][1] must be a non-empty id string or an object with a string "id""#),
        (#"{"lists": [[{"text": "no id"}]]}"#, #"lists[0][0] must have a non-empty string "id""#),
        (#"{"lists": [[{"id": 7}]]}"#, #"lists[0][0] must have a non-empty string "id""#),
        (#"{"lists": [["a"]], "k": -1}"#, "k must be 0 or more, not -1"),
        (#"{"lists": [["a"]], "k": "60"}"#, "k must be a number"),
        (#"{"lists": [["a"]], "top_n": 0}"#, "top_n must be at least 1, not 0"),
    ])
    func fuse(input: String, message: String) throws {
        #expect(throws: RerankError.invalidInput(message)) {
            try localEngine().fuse(try json(input))
        }
    }

    @Test("fuse: a list longer than rerank_max_documents")
    func longList() throws {
        #expect(throws: RerankError.invalidInput("lists[1] has 3 items; the most is 2 (rerank_max_documents)")) {
            try localEngine(["rerank_max_documents": 2]).fuse(["lists": [["a"], ["a", "b", "c"]]])
        }
    }
}
