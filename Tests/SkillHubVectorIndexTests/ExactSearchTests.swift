import Testing
@testable import SkillHubVectorIndex

@Suite("Exact search, below the graph threshold")
struct ExactSearchTests {
    @Test("returns the true top k, best first, with dot-product scores")
    func exactTopK() throws {
        var data = ClusteredVectors(dimensions: 24, clusters: 8, seed: 7)
        let index = try VectorIndex(dimensions: 24)
        var oracle = BruteForce()
        for id in 0..<500 {
            let vector = data.next()
            try index.insert(id: Int64(id), vector: vector)
            oracle.vectors[Int64(id)] = vector
        }
        #expect(index.count == 500)
        #expect(!index.usesGraph)
        for _ in 0..<20 {
            let query = data.next()
            let found = try index.search(query, k: 10)
            let truth = oracle.top(query, k: 10)
            #expect(found.map(\.id) == truth.map(\.id))
            for (got, want) in zip(found, truth) {
                #expect(abs(got.score - want.score) < 1e-4)
            }
            #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test("small and odd cases: empty index, k of 0, k above the count, a dimension not a multiple of 8")
    func edgeCases() throws {
        let index = try VectorIndex(dimensions: 3)
        #expect(try index.search([1, 0, 0], k: 5).isEmpty)
        try index.insert(id: 1, vector: [1, 0, 0])
        try index.insert(id: 2, vector: [0, 1, 0])
        try index.insert(id: -7, vector: [0.6, 0.8, 0])
        #expect(try index.search([1, 0, 0], k: 0).isEmpty)
        #expect(try index.search([1, 0, 0], k: -3).isEmpty)
        let all = try index.search([1, 0, 0], k: 10)
        #expect(all.map(\.id) == [1, -7, 2])
        #expect(abs(all[1].score - 0.6) < 1e-6)
    }

    @Test("bulk insert from a flattened buffer equals one-by-one inserts")
    func bulkFlattened() throws {
        var data = ClusteredVectors(dimensions: 16, clusters: 4, seed: 3)
        let vectors = data.next(300)
        let one = try VectorIndex(dimensions: 16)
        for (id, vector) in vectors.enumerated() { try one.insert(id: Int64(id), vector: vector) }
        let bulk = try VectorIndex(dimensions: 16)
        try bulk.insert(ids: (0..<300).map(Int64.init), flattenedVectors: vectors.flatMap { $0 })
        #expect(bulk.count == 300)
        let query = data.next()
        #expect(try one.search(query, k: 7).map(\.id) == bulk.search(query, k: 7).map(\.id))
        #expect(bulk.approximateMemoryBytes >= 300 * 16 * 4)
    }
}
