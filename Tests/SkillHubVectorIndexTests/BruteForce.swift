/// The test oracle: exact top-k by dot product over plain arrays, independent of the index's code.
struct BruteForce {
    var vectors: [Int64: [Float]] = [:]

    @_optimize(speed)
    func top(_ query: [Float], k: Int, filter: (Int64) -> Bool = { _ in true }) -> [(id: Int64, score: Float)] {
        var scored: [(id: Int64, score: Float)] = []
        for (id, vector) in vectors where filter(id) {
            var score: Float = 0
            for index in vector.indices { score += vector[index] * query[index] }
            scored.append((id: id, score: score))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Array(scored.prefix(k))
    }

    /// The share of the true top-k ids that `found` contains.
    func recall(of found: [(id: Int64, score: Float)], query: [Float], k: Int, filter: (Int64) -> Bool = { _ in true }) -> Double {
        let truth = Set(top(query, k: k, filter: filter).map(\.id))
        guard !truth.isEmpty else { return 1 }
        return Double(found.filter { truth.contains($0.id) }.count) / Double(truth.count)
    }
}
