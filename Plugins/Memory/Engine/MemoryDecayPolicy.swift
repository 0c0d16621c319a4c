import Foundation

/// How retrieval and the periodic sweep treat ageing memories (`enable_memory_decay`,
/// `memory_decay_half_life_days`, `memory_hotness_weight`, `memory_archive_threshold`).
public struct MemoryDecayPolicy: Sendable, Equatable {
    /// Off: scores are relevance alone and nothing is archived for age (expiry still applies).
    public var enabled: Bool
    public var hotness: Hotness
    /// The share of hotness in a search score (0: relevance alone).
    public var hotnessWeight: Double
    /// Below this hotness, the sweep archives a memory.
    public var archiveThreshold: Double

    public init(enabled: Bool, halfLifeDays: Double, hotnessWeight: Double, archiveThreshold: Double) {
        self.enabled = enabled
        hotness = Hotness(halfLifeDays: halfLifeDays)
        self.hotnessWeight = hotnessWeight
        self.archiveThreshold = archiveThreshold
    }

    /// A search score: relevance blended with hotness, `(1 − w) · relevance + w · hotness`.
    public func score(relevance: Double, hotness: Double) -> Double {
        guard enabled else { return relevance }
        return (1 - hotnessWeight) * relevance + hotnessWeight * hotness
    }

    /// Whether the sweep archives a memory of this hotness.
    public func archives(hotness: Double) -> Bool {
        enabled && hotness < archiveThreshold
    }
}
