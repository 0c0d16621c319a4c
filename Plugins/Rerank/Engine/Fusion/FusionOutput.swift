import SkillHubCore

/// The answer of `fuse`: `{"k": 60, "results": [{"id", "score", "ranks", "item"?}]}`.
public struct FusionOutput: Sendable, Equatable, Encodable {
    /// The `k` used.
    public var k: Double
    /// Best first.
    public var results: [FusionResult]

    public init(k: Double, results: [FusionResult]) {
        self.k = k
        self.results = results
    }
}

/// One fused item.
public struct FusionResult: Sendable, Equatable, Encodable {
    public var id: String
    /// `Σ 1 / (k + rank)` over the lists holding the id.
    public var score: Double
    /// The rank (from 1) in each input list, `null` where the list lacks the id.
    public var ranks: [Int?]
    /// The members given with the id (merged across lists, the first list's winning); absent for bare ids.
    public var item: JSONValue?

    public init(id: String, score: Double, ranks: [Int?], item: JSONValue? = nil) {
        self.id = id
        self.score = score
        self.ranks = ranks
        self.item = item
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(score, forKey: .score)
        var ranksContainer = container.nestedUnkeyedContainer(forKey: .ranks)
        for rank in ranks {
            if let rank { try ranksContainer.encode(rank) } else { try ranksContainer.encodeNil() }
        }
        try container.encodeIfPresent(item, forKey: .item)
    }

    enum CodingKeys: String, CodingKey {
        case id, score, ranks, item
    }
}
