/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009):
/// `score(d) = Σ over lists containing d of 1 / (k + rank)`, ranks starting at 1.
public struct ReciprocalRankFusion: Sendable {
    /// The damping constant; larger values flatten the difference between top and lower ranks.
    public var k: Double

    public init(k: Double = 60) {
        self.k = k
    }

    /// Fuses ranked lists of ids, best first.
    ///
    /// An id repeated within one list counts at its first (best) rank only. Results are
    /// ordered by score (highest first), then by best rank in any list, then by first
    /// appearance (earlier list, then earlier position), which is a total order.
    /// Each score is summed from the smallest rank up, so two ids with the same ranks in
    /// different lists get bit-identical scores and tie exactly.
    public func fuse(_ lists: [[String]]) -> [FusedRanking] {
        var order: [String] = []
        var ranks: [String: [Int?]] = [:]
        for (listIndex, list) in lists.enumerated() {
            for (position, id) in list.enumerated() {
                if ranks[id] == nil {
                    order.append(id)
                    ranks[id] = Array(repeating: nil, count: lists.count)
                }
                if ranks[id]?[listIndex] == nil {
                    ranks[id]?[listIndex] = position + 1
                }
            }
        }
        let fused = order.enumerated().map { appearance, id in
            let idRanks = ranks[id] ?? []
            let present = idRanks.compactMap { $0 }.sorted()
            let score = present.reduce(0.0) { $0 + 1 / (k + Double($1)) }
            return (ranking: FusedRanking(id: id, score: score, ranks: idRanks), best: present.first ?? Int.max, appearance: appearance)
        }
        return fused.sorted { left, right in
            if left.ranking.score != right.ranking.score { return left.ranking.score > right.ranking.score }
            if left.best != right.best { return left.best < right.best }
            return left.appearance < right.appearance
        }.map(\.ranking)
    }
}

/// One id after fusion.
public struct FusedRanking: Sendable, Equatable {
    public var id: String
    /// The sum of `1 / (k + rank)` over the lists that contain the id.
    public var score: Double
    /// The id's rank (from 1) in each input list, nil where a list lacks it.
    public var ranks: [Int?]

    public init(id: String, score: Double, ranks: [Int?]) {
        self.id = id
        self.score = score
        self.ranks = ranks
    }
}
