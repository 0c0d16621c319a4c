import Testing
@testable import SkillHubVectorIndex

@Suite("Concurrent use")
struct ConcurrencyTests {
    @Test("searches, inserts and removals in a task group: no crash, consistent answers")
    func mixedWorkload() async throws {
        let dimensions = 32
        var data = ClusteredVectors(dimensions: dimensions, clusters: 20, seed: 61)
        let initial = data.next(1_500)
        let extra = data.next(600)
        let queries = data.next(40)
        let index = try VectorIndex(dimensions: dimensions, configuration: VectorIndexConfiguration(exactSearchThreshold: 1_000))
        try index.insert(contentsOf: initial.enumerated().map { (id: Int64($0.offset), vector: $0.element) })
        await index.waitUntilSettled()
        #expect(index.usesGraph)

        let removedBelow: Int64 = 300
        try await withThrowingTaskGroup(of: Void.self) { group in
            for reader in 0..<4 {
                group.addTask {
                    for round in 0..<30 {
                        let query = queries[(reader * 7 + round) % queries.count]
                        let found = try index.search(query, k: 10, filter: round % 3 == 0 ? { $0 % 2 == 0 } : nil)
                        #expect(found.count == 10)
                        #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score })
                        #expect(Set(found.map(\.id)).count == found.count)
                    }
                }
            }
            group.addTask {
                for (offset, vector) in extra.enumerated() {
                    try index.insert(id: Int64(10_000 + offset), vector: vector)
                }
            }
            group.addTask {
                for id in 0..<removedBelow { index.remove(id: id) }
            }
            try await group.waitForAll()
        }
        #expect(index.count == 1_500 + 600 - Int(removedBelow))
        for query in queries {
            #expect(try index.search(query, k: 20).allSatisfy { $0.id >= removedBelow })
        }
        #expect(try index.search(extra[5], k: 1).first?.id == 10_005)
    }
}
