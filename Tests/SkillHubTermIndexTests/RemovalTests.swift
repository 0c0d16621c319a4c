import Foundation
import Testing
@testable import SkillHubTermIndex

/// A chunk of generated terms: a few of 40 words, some repeated.
private func terms(of id: Int64) -> [(term: String, frequency: Int)] {
    (0..<Int(3 + id % 7)).map { step in ("w\((id * 7 + Int64(step) * 13) % 40)", 1 + Int(id + Int64(step)) % 3) }
}

@Suite("Removal and replacement")
struct RemovalTests {
    @Test func aRemovedChunkIsGoneAndTheStatisticsAreThoseWithoutIt() {
        let index = threeChunks()
        #expect(index.remove(ids: [3, 42]) == 1)
        #expect(index.count == 2)
        #expect(!index.contains(id: 3))
        let fresh = TermIndex()
        fresh.insert(id: 1, terms: [("apple", 2), ("banana", 1)])
        fresh.insert(id: 2, terms: [("apple", 1), ("cherry", 3)])
        for query in [["banana"], ["apple", "banana"], ["cherry", "apple"]] {
            let got = index.search(query, k: 10)
            let want = fresh.search(query, k: 10)
            #expect(got.map(\.id) == want.map(\.id))
            #expect(got.map(\.score) == want.map(\.score))
        }
        #expect(index.search(["banana"], k: 10).map(\.id) == [1])
    }

    @Test func removingManyCompactsAndKeepsTheSameAnswers() {
        let index = TermIndex()
        for id: Int64 in 1...300 { index.insert(id: id, terms: terms(of: id)) }
        let bytesBefore = index.approximateMemoryBytes
        #expect(index.remove(ids: stride(from: 1, through: 300, by: 2)) == 150)
        #expect(index.count == 150)
        let fresh = TermIndex()
        for id in stride(from: Int64(2), through: 300, by: 2) { fresh.insert(id: id, terms: terms(of: id)) }
        for query in [["w1"], ["w3", "w17"], ["w0", "w5", "w39"]] {
            let got = index.search(query, k: 20)
            let want = fresh.search(query, k: 20)
            #expect(!got.isEmpty)
            #expect(got.map(\.id) == want.map(\.id))
            for (a, b) in zip(got, want) { #expect(abs(a.score - b.score) < 1e-12) }
        }
        #expect(index.approximateMemoryBytes < bytesBefore)
    }

    @Test func insertingAnIDAgainReplacesTheChunk() {
        let index = threeChunks()
        index.insert(id: 3, terms: [("cherry", 1)])
        #expect(index.count == 3)
        #expect(index.search(["banana"], k: 10).map(\.id) == [1])
        #expect(Set(index.search(["cherry"], k: 10).map(\.id)) == [2, 3])
    }

    @Test func searchesRunWhileOthersChangeTheIndex() async {
        let index = TermIndex()
        for id: Int64 in 1...500 { index.insert(id: id, terms: terms(of: id)) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for id: Int64 in 501...1500 { index.insert(id: id, terms: terms(of: id)) }
            }
            group.addTask {
                for id in stride(from: Int64(1), through: 500, by: 3) { index.remove(ids: [id]) }
            }
            for _ in 0..<2 {
                group.addTask {
                    for step in 0..<300 {
                        let hits = index.search(["w\(step % 40)", "w\((step * 7) % 40)"], k: 25)
                        #expect(hits.count <= 25)
                        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
                    }
                }
            }
        }
        for id in stride(from: Int64(1), through: 500, by: 3) { #expect(!index.contains(id: id)) }
        #expect(index.count == 1500 - 167)
        #expect(index.contains(id: 1500))
        #expect(index.approximateMemoryBytes > 1000 * 12)
    }
}
