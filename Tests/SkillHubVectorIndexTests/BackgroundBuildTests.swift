import Testing
@testable import SkillHubVectorIndex

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The background jobs: a bulk load answers at once (exactly) and gets its graph later; writes made while a
/// job runs are all reflected after it; a compaction never holds up a write for long.
@Suite("Background graph builds and compactions")
struct BackgroundBuildTests {
    static let dimensions = 32
    static let configuration = VectorIndexConfiguration(exactSearchThreshold: 500)

    static func entries(_ vectors: [[Float]], from first: Int64 = 0) -> [(id: Int64, vector: [Float])] {
        vectors.enumerated().map { (id: first + Int64($0.offset), vector: $0.element) }
    }

    static func meanRecall(_ index: VectorIndex, _ oracle: BruteForce, _ queries: [[Float]], k: Int = 10, ef: Int? = nil) throws -> Double {
        var total = 0.0
        for query in queries {
            total += oracle.recall(of: try index.search(query, k: k, ef: ef), query: query, k: k)
        }
        return total / Double(queries.count)
    }

    /// Seconds the call took.
    static func timed(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    @Test("a bulk load returns at once and answers exactly, then through the graph once it is ready")
    func bulkLoadServesAtOnce() async throws {
        var data = ClusteredVectors(dimensions: Self.dimensions, clusters: 40, seed: 101)
        let vectors = data.next(2_000)
        let queries = data.next(40)
        var oracle = BruteForce()
        for (id, vector) in vectors.enumerated() { oracle.vectors[Int64(id)] = vector }
        let index = try VectorIndex(dimensions: Self.dimensions, configuration: Self.configuration)
        let seconds = try Self.timed { try index.insert(contentsOf: Self.entries(vectors)) }
        #expect(seconds < 0.5, "the bulk insert took \(seconds) s")
        #expect(index.count == 2_000)
        // Searched exactly until the graph is swapped in.
        var exactChecks = 0
        for query in queries where !index.isGraphReady {
            let found = try index.search(query, k: 10)
            #expect(found.map(\.id) == oracle.top(query, k: 10).map(\.id))
            exactChecks += 1
        }
        #expect(exactChecks > 0, "the graph was ready before the first search")
        await index.waitUntilSettled()
        #expect(index.isGraphReady)
        #expect(!index.isBuildPending)
        let recall = try Self.meanRecall(index, oracle, queries)
        #expect(recall >= 0.98, "recall@10 after the build was \(recall)")
    }

    @Test("inserts, replacements and removals made during a background build are all there after it")
    func writesDuringBuild() async throws {
        var data = ClusteredVectors(dimensions: Self.dimensions, clusters: 40, seed: 202)
        let vectors = data.next(2_000)
        let added = data.next(300)
        let replacements = data.next(50)
        let queries = data.next(40)
        var oracle = BruteForce()
        for (id, vector) in vectors.enumerated() { oracle.vectors[Int64(id)] = vector }
        let index = try VectorIndex(dimensions: Self.dimensions, configuration: Self.configuration)
        try index.insert(contentsOf: Self.entries(vectors))
        #expect(index.isBuildPending)

        var removed = Set<Int64>()
        for (offset, vector) in added.enumerated() {
            try index.insert(id: 10_000 + Int64(offset), vector: vector)
            oracle.vectors[10_000 + Int64(offset)] = vector
        }
        for (offset, vector) in replacements.enumerated() {
            try index.insert(id: Int64(offset * 10 + 5), vector: vector)
            oracle.vectors[Int64(offset * 10 + 5)] = vector
        }
        for id in stride(from: Int64(1), to: 2_000, by: 10) {  // 200 old ids
            #expect(index.remove(id: id))
            removed.insert(id)
            oracle.vectors[id] = nil
        }
        for id in stride(from: Int64(10_000), to: 10_300, by: 3) {  // 100 of the new ones
            #expect(index.remove(id: id))
            removed.insert(id)
            oracle.vectors[id] = nil
        }
        let expectedCount = oracle.vectors.count
        #expect(index.count == expectedCount)
        // A bulk insert while the build runs goes in too.
        let late = data.next(100)
        try index.insert(contentsOf: Self.entries(late, from: 20_000))
        for (offset, vector) in late.enumerated() { oracle.vectors[20_000 + Int64(offset)] = vector }

        await index.waitUntilSettled()
        #expect(index.isGraphReady)
        #expect(index.count == expectedCount + 100)
        for id in removed { #expect(!index.contains(id: id)) }
        for query in queries {
            #expect(try index.search(query, k: 30).allSatisfy { !removed.contains($0.id) })
        }
        for (offset, vector) in added.enumerated() where !removed.contains(10_000 + Int64(offset)) {
            #expect(try index.search(vector, k: 1).first?.id == 10_000 + Int64(offset))
        }
        for (offset, vector) in replacements.enumerated() {
            let best = try #require(try index.search(vector, k: 1).first)
            #expect(best.id == Int64(offset * 10 + 5))
            #expect(abs(best.score - 1) < 1e-4)
        }
        for (offset, vector) in late.enumerated().prefix(20) {
            #expect(try index.search(vector, k: 1).first?.id == 20_000 + Int64(offset))
        }
        let recall = try Self.meanRecall(index, oracle, queries)
        #expect(recall >= 0.97, "recall@10 was \(recall)")
    }

    @Test("a compaction runs in the background: removals and inserts meanwhile return within 100 ms and are kept")
    func compactionDoesNotBlockWrites() async throws {
        var data = ClusteredVectors(dimensions: Self.dimensions, clusters: 40, seed: 303)
        let vectors = data.next(2_000)
        let added = data.next(300)
        let queries = data.next(40)
        var oracle = BruteForce()
        for (id, vector) in vectors.enumerated() { oracle.vectors[Int64(id)] = vector }
        let index = try VectorIndex(dimensions: Self.dimensions, configuration: Self.configuration)
        try index.insert(contentsOf: Self.entries(vectors))
        await index.waitUntilSettled()

        // 600 tombstones are 30 % of 2,000: the 601st removal starts the compaction.
        var removed = Set<Int64>()
        var slowest = 0.0
        for id in Int64(0)..<601 {
            slowest = max(slowest, Self.timed { #expect(index.remove(id: id)) })
            removed.insert(id)
            oracle.vectors[id] = nil
        }
        #expect(index.isBuildPending)
        // Writes while it runs.
        var writesDuringCompaction = 0
        for (offset, vector) in added.enumerated() {
            let id = 5_000 + Int64(offset)
            if index.isBuildPending { writesDuringCompaction += 2 }
            slowest = max(slowest, try Self.timed { try index.insert(id: id, vector: vector) })
            oracle.vectors[id] = vector
            let victim = 601 + Int64(offset)
            slowest = max(slowest, Self.timed { #expect(index.remove(id: victim)) })
            removed.insert(victim)
            oracle.vectors[victim] = nil
        }
        #expect(writesDuringCompaction > 0, "the compaction ended before the writes")
        #expect(slowest < 0.1, "the slowest write took \(slowest) s")
        // Searches go on too.
        #expect(try index.search(queries[0], k: 10).count == 10)

        await index.waitUntilSettled()
        #expect(index.count == oracle.vectors.count)
        for id in removed { #expect(!index.contains(id: id)) }
        for query in queries {
            #expect(try index.search(query, k: 30).allSatisfy { !removed.contains($0.id) })
        }
        for id in removed.sorted().prefix(30) {
            #expect(try index.search(vectors[Int(id)], k: 5).allSatisfy { $0.id != id })
        }
        for (offset, vector) in added.enumerated().prefix(50) {
            #expect(try index.search(vector, k: 1).first?.id == 5_000 + Int64(offset))
        }
        let recall = try Self.meanRecall(index, oracle, queries)
        #expect(recall >= 0.97, "recall@10 after the compaction was \(recall)")
    }

    @Test("a bulk insert into an index with a graph is found at once (the tail is searched exactly) and then joins the graph")
    func bulkIntoGraph() async throws {
        var data = ClusteredVectors(dimensions: Self.dimensions, clusters: 40, seed: 404)
        let first = data.next(1_000)
        let second = data.next(800)
        let queries = data.next(30)
        let index = try VectorIndex(dimensions: Self.dimensions, configuration: Self.configuration)
        try index.insert(contentsOf: Self.entries(first))
        await index.waitUntilSettled()
        try index.insert(contentsOf: Self.entries(second, from: 100_000))
        #expect(index.count == 1_800)
        #expect(index.isGraphReady)
        for (offset, vector) in second.enumerated().prefix(30) {
            #expect(try index.search(vector, k: 1).first?.id == 100_000 + Int64(offset))
        }
        await index.waitUntilSettled()
        #expect(index.state.graphedCount == 1_800)
        var oracle = BruteForce()
        for (id, vector) in Self.entries(first) + Self.entries(second, from: 100_000) { oracle.vectors[id] = vector }
        let recall = try Self.meanRecall(index, oracle, queries)
        #expect(recall >= 0.98, "recall@10 was \(recall)")
    }

    @Test("removeAll during a build abandons it; the index is usable afterwards")
    func removeAllDuringBuild() async throws {
        var data = ClusteredVectors(dimensions: Self.dimensions, clusters: 40, seed: 505)
        let index = try VectorIndex(dimensions: Self.dimensions, configuration: Self.configuration)
        try index.insert(contentsOf: Self.entries(data.next(2_000)))
        index.removeAll()
        #expect(index.count == 0)
        #expect(try index.search(data.next(), k: 3).isEmpty)
        await index.waitUntilSettled()
        #expect(!index.isGraphReady)
        let vectors = data.next(200)
        try index.insert(contentsOf: Self.entries(vectors))
        await index.waitUntilSettled()
        #expect(index.count == 200)
        #expect(try index.search(vectors[3], k: 1).first?.id == 3)
    }

    @Test("a per-query ef: larger finds at least as much; ef below k is raised to k")
    func perQueryEf() async throws {
        var data = ClusteredVectors(dimensions: Self.dimensions, clusters: 40, rank: 24, noiseLevel: 3, seed: 606)
        let vectors = data.next(2_000)
        let queries = data.next(40)
        var oracle = BruteForce()
        for (id, vector) in vectors.enumerated() { oracle.vectors[Int64(id)] = vector }
        let index = try VectorIndex(dimensions: Self.dimensions, configuration: Self.configuration)
        try index.insert(contentsOf: Self.entries(vectors))
        await index.waitUntilSettled()
        let low = try Self.meanRecall(index, oracle, queries, ef: 10)
        let high = try Self.meanRecall(index, oracle, queries, ef: 300)
        #expect(high >= low)
        #expect(high >= 0.97, "recall@10 at ef 300 was \(high)")
        #expect(try index.search(queries[0], k: 25, ef: 1).count == 25)
    }
}
