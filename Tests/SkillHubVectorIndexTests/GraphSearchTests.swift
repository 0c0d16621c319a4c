import Testing
@testable import SkillHubVectorIndex

/// The HNSW graph against the brute-force oracle. Sizes are kept small enough for a debug build; the
/// figures at 20,000 and 100,000 × 384 come from release runs.
@Suite("HNSW graph search")
struct GraphSearchTests {
    static let dimensions = 64
    static let size = 2_000
    static let configuration = VectorIndexConfiguration(exactSearchThreshold: 1_000)

    struct Fixture {
        let index: VectorIndex
        var oracle = BruteForce()
        var queries: [[Float]]
        let vectors: [[Float]]
    }

    /// A bulk-loaded index whose background graph build has finished.
    static func fixture(size: Int = size, seed: UInt64 = 11) async throws -> Fixture {
        var data = ClusteredVectors(dimensions: dimensions, clusters: 40, seed: seed)
        let vectors = data.next(size)
        let index = try VectorIndex(dimensions: dimensions, configuration: configuration)
        try index.insert(contentsOf: vectors.enumerated().map { (id: Int64($0.offset), vector: $0.element) })
        await index.waitUntilSettled()
        var oracle = BruteForce()
        for (id, vector) in vectors.enumerated() { oracle.vectors[Int64(id)] = vector }
        return Fixture(index: index, oracle: oracle, queries: data.next(100), vectors: vectors)
    }

    static func meanRecall(_ fixture: Fixture, k: Int = 10, filter: ((Int64) -> Bool)? = nil) throws -> Double {
        var total = 0.0
        for query in fixture.queries {
            let found = try fixture.index.search(query, k: k, filter: filter)
            total += fixture.oracle.recall(of: found, query: query, k: k, filter: filter ?? { _ in true })
        }
        return total / Double(fixture.queries.count)
    }

    @Test("recall@10 ≥ 0.98 against exact search on a clustered set")
    func recall() async throws {
        let fixture = try await Self.fixture()
        #expect(fixture.index.usesGraph)
        #expect(fixture.index.count == Self.size)
        let recall = try Self.meanRecall(fixture)
        #expect(recall >= 0.98, "recall@10 was \(recall)")
    }

    @Test("recall@10 ≥ 0.98 at the default ef on crowded vectors like e5's (mean cosine 0.8), k 50 as the search skill asks")
    func recallOnCrowdedVectors() async throws {
        // Clustered vectors pushed towards one common direction, so that unrelated vectors have a cosine
        // of about 0.8, as multilingual-e5-small's do. On these the former default ef (64) found 0.965 of
        // the true ten nearest and 100 finds 0.990 (5,000 real e5 vectors: 0.979 and 0.989).
        let dimensions = 64
        var data = ClusteredVectors(dimensions: dimensions, clusters: 100, rank: 16, noiseLevel: 2, seed: 7)
        let common = ClusteredVectors.normalised((0..<dimensions).map { Float($0 % 7) - 3 })
        let crowd = { (vector: [Float]) in ClusteredVectors.normalised(zip(vector, common).map { $0 + 2 * $1 }) }
        let vectors = data.next(3_000).map(crowd)
        let queries = data.next(200).map(crowd)
        let index = try VectorIndex(dimensions: dimensions, configuration: Self.configuration)
        try index.insert(contentsOf: vectors.enumerated().map { (id: Int64($0.offset), vector: $0.element) })
        await index.waitUntilSettled()
        #expect(index.usesGraph)
        var oracle = BruteForce()
        for (id, vector) in vectors.enumerated() { oracle.vectors[Int64(id)] = vector }
        var total = 0.0
        for query in queries {
            let found = try index.search(query, k: 50).prefix(10)
            total += oracle.recall(of: Array(found), query: query, k: 10)
        }
        let recall = total / Double(queries.count)
        #expect(recall >= 0.98, "recall@10 was \(recall)")
    }

    @Test("inserting one by one across the threshold switches to the graph and keeps recall")
    func incrementalAcrossThreshold() async throws {
        var data = ClusteredVectors(dimensions: 32, clusters: 20, seed: 5)
        let index = try VectorIndex(dimensions: 32, configuration: VectorIndexConfiguration(exactSearchThreshold: 300))
        var oracle = BruteForce()
        for id in 0..<1_200 {
            let vector = data.next()
            try index.insert(id: Int64(id), vector: vector)
            oracle.vectors[Int64(id)] = vector
            if id == 298 { #expect(!index.usesGraph && !index.isBuildPending) }
            if id == 299 { #expect(index.isBuildPending) }
        }
        await index.waitUntilSettled()
        #expect(index.usesGraph)
        #expect(!index.isBuildPending)
        var total = 0.0
        let queries = data.next(50)
        for query in queries {
            total += oracle.recall(of: try index.search(query, k: 10), query: query, k: 10)
        }
        #expect(total / Double(queries.count) >= 0.98)
    }

    @Test("a removed id is never returned, and recall holds after removing 20 %")
    func removal() async throws {
        var fixture = try await Self.fixture(size: 2_000, seed: 21)
        var generator = ClusteredVectors.Generator(state: 99)
        var removed = Set<Int64>()
        while removed.count < 2_000 / 5 {
            let id = Int64(generator.next() % 2_000)
            if removed.insert(id).inserted {
                #expect(fixture.index.remove(id: id))
                fixture.oracle.vectors[id] = nil
            }
        }
        #expect(!fixture.index.remove(id: 2_005))
        #expect(fixture.index.count == 2_000 - removed.count)
        for query in fixture.queries {
            let found = try fixture.index.search(query, k: 50)
            #expect(found.count == 50)
            #expect(found.allSatisfy { !removed.contains($0.id) })
        }
        // A removed vector searched for itself does not come back either.
        for id in removed.prefix(20) {
            let vector = fixture.vectors[Int(id)]
            #expect(try fixture.index.search(vector, k: 5).allSatisfy { $0.id != id })
        }
        let recall = try Self.meanRecall(fixture)
        #expect(recall >= 0.98, "recall@10 after removing 20 % was \(recall)")
    }

    @Test("removing past the compaction fraction rebuilds; down below the threshold it searches exactly again")
    func compaction() async throws {
        var fixture = try await Self.fixture(size: 1_500, seed: 31)
        #expect(fixture.index.usesGraph)
        // 450 tombstones are 30 %: the 451st removal starts rebuilding in the background; the removals go on
        // meanwhile and are carried over, further rebuilds follow, and at 500 live vectors (below the
        // threshold) the index is exact again.
        for id in 0..<Int64(1_000) {
            fixture.index.remove(id: id)
            fixture.oracle.vectors[id] = nil
            if id == 449 { #expect(fixture.index.approximateMemoryBytes > 0) }
        }
        #expect(fixture.index.count == 500)
        await fixture.index.waitUntilSettled()
        #expect(fixture.index.count == 500)
        #expect(!fixture.index.usesGraph)
        for query in fixture.queries.prefix(20) {
            #expect(try fixture.index.search(query, k: 10).map(\.id) == fixture.oracle.top(query, k: 10).map(\.id))
        }
    }

    @Test("insert with an existing id replaces its vector")
    func replace() async throws {
        var fixture = try await Self.fixture(size: 1_200, seed: 41)
        let target = fixture.queries[0]
        let farAway = fixture.queries[1].map { -$0 }
        try fixture.index.insert(id: 17, vector: target)
        fixture.oracle.vectors[17] = target
        #expect(fixture.index.count == 1_200)
        let best = try #require(try fixture.index.search(target, k: 1).first)
        #expect(best.id == 17)
        #expect(abs(best.score - 1) < 1e-4)
        try fixture.index.insert(id: 17, vector: farAway)
        #expect(fixture.index.count == 1_200)
        #expect(try fixture.index.search(target, k: 10).allSatisfy { $0.id != 17 })
        #expect(try fixture.index.search(farAway, k: 1).first?.id == 17)
        // In exact mode too.
        let small = try VectorIndex(dimensions: 2)
        try small.insert(id: 1, vector: [1, 0])
        try small.insert(id: 1, vector: [0, 1])
        #expect(small.count == 1)
        #expect(try small.search([0, 1], k: 2).map(\.id) == [1])
        #expect(abs((try small.search([0, 1], k: 1).first?.score ?? 0) - 1) < 1e-6)
    }

    @Test("a filter returns only accepted ids and still k of them, from loose to very selective")
    func filter() async throws {
        let fixture = try await Self.fixture(size: 2_000, seed: 51)
        for modulus in [Int64(2), 10, 100, 1_000] {
            let filter: (Int64) -> Bool = { $0 % modulus == 1 }
            let expected = min(10, 2_000 / Int(modulus))
            for query in fixture.queries.prefix(20) {
                let found = try fixture.index.search(query, k: 10, filter: filter)
                #expect(found.count == expected)
                #expect(found.allSatisfy { filter($0.id) })
            }
            let recall = try Self.meanRecall(fixture, filter: filter)
            #expect(recall >= 0.98, "filtered recall (1 in \(modulus)) was \(recall)")
        }
        #expect(try fixture.index.search(fixture.queries[0], k: 10, filter: { _ in false }).isEmpty)
    }
}
