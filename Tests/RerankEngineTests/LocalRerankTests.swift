import Foundation
import RerankEngine
import SkillHubCore
import Testing

@Suite("rerank with the local provider")
struct LocalRerankTests {
    let documents: JSONValue = [
        "Carson City is the capital city of the American state of Nevada.",
        "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.",
        "Washington, D.C. is the capital of the United States.",
        "Capital punishment has existed in the United States since before it was a country.",
    ]

    @Test("all documents, best first, the best scoring 1")
    func ordering() async throws {
        let output = try await localEngine().rerank(["query": "capital of the United States", "documents": documents])
        #expect(output.provider == "local")
        #expect(output.model == nil)
        #expect(output.results.count == 4)
        #expect(output.results.first?.index == 2)
        #expect(output.results.first?.relevanceScore == 1)
        #expect(output.results.allSatisfy { (0...1).contains($0.relevanceScore) })
        #expect(zip(output.results, output.results.dropFirst()).allSatisfy { $0.relevanceScore >= $1.relevanceScore })
        #expect(output.results.allSatisfy { $0.document == nil })
    }

    @Test("top_n and return_documents; ids and metadata echoed")
    func topNAndDocuments() async throws {
        let input = try json("""
        {"query": "机器学习", "top_n": 1, "return_documents": true,
         "documents": [{"id": "d1", "text": "今天天气很好"}, {"id": "d2", "text": "机器学习入门", "metadata": {"page": 3}}]}
        """)
        let output = try await localEngine().rerank(input)
        #expect(output.results == [RerankResult(index: 1, relevanceScore: 1, id: "d2", document: ReturnedDocument(text: "机器学习入门", metadata: ["page": 3]))])
    }

    @Test("a top_n above the number of documents answers them all")
    func largeTopN() async throws {
        let output = try await localEngine().rerank(["query": "capital", "documents": documents, "top_n": 50])
        #expect(output.results.count == 4)
    }

    @Test("equal scores keep input order")
    func ties() async throws {
        let output = try await localEngine().rerank(["query": "zebra", "documents": ["one", "two", "three"]])
        #expect(output.results.map(\.index) == [0, 1, 2])
        #expect(output.results.allSatisfy { $0.relevanceScore == 0 })
    }

    @Test("encodes in the Cohere shape")
    func encoding() async throws {
        let output = try await localEngine().rerank(["query": "apple", "documents": ["apple pie", "pear"], "return_documents": true])
        let encoded = try json(String(decoding: try JSONEncoder().encode(output), as: UTF8.self))
        #expect(encoded == [
            "provider": "local",
            "results": [
                ["index": 0, "relevance_score": 1, "document": ["text": "apple pie"]],
                ["index": 1, "relevance_score": 0, "document": ["text": "pear"]],
            ],
        ])
    }

    @Test("accepts JSON bytes")
    func bytes() async throws {
        let output = try await localEngine().rerank(json: Array(#"{"query": "pear", "documents": ["apple", "pear"]}"#.utf8))
        #expect(output.results.first?.index == 1)
    }
}
