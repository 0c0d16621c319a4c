import Foundation

/// How much a memory is still in use, from 0 to 1: OpenViking's formula,
/// `sigmoid(log1p(access_count)) × exp(−ln 2 × age_days / half_life_days)`, where the age is
/// counted from the memory's last use (a search that returned it, or a change).
public struct Hotness: Sendable, Equatable {
    /// The days after which an unused memory's hotness has halved.
    public var halfLifeDays: Double

    public init(halfLifeDays: Double) {
        self.halfLifeDays = halfLifeDays
    }

    /// The hotness of a memory used `accessCount` times, last at `lastUsed`, seen at `now`.
    public func score(accessCount: Int, lastUsed: Date, now: Date) -> Double {
        let ageDays = max(0, now.timeIntervalSince(lastUsed)) / 86_400
        let frequency = 1 / (1 + exp(-log1p(Double(max(0, accessCount)))))
        let recency = exp(-M_LN2 * ageDays / max(halfLifeDays, .leastNonzeroMagnitude))
        return frequency * recency
    }
}
