import SkillHubCore

/// How the channels of a hybrid search are combined.
public enum ScoreFusion: Sendable, Equatable {
    /// Reciprocal rank fusion, the sum over channels of `1 / (k + rank)` (ranks from 1), scaled by
    /// `(k + 1) / channels` so that first in every channel scores 1. Coze Studio's RRF keeps the
    /// largest term instead of the sum, which ignores agreement between channels.
    case reciprocalRank(k: Double)
    /// `Σ weight × normalised score`, each channel's scores min-max normalised to 0…1 over its
    /// hits (a single hit scores 1), a chunk missing from a channel scoring 0 there.
    case weighted(weights: [Double])

    /// The fused score of every id, best first (ties by best rank, then id).
    public func fuse(_ channels: [[(id: Int64, score: Double)]]) -> [(id: Int64, score: Double)] {
        switch self {
        case .reciprocalRank(let k):
            let fused = ReciprocalRankFusion(k: k).fuse(channels.map { $0.map { String($0.id) } })
            let scale = (k + 1) / Double(max(1, channels.count))
            return fused.compactMap { ranking in Int64(ranking.id).map { ($0, ranking.score * scale) } }
        case .weighted(let weights):
            var scores: [Int64: Double] = [:]
            var order: [Int64] = []
            for (index, channel) in channels.enumerated() {
                let weight = index < weights.count ? weights[index] : 0
                let values = channel.map(\.score)
                guard let low = values.min(), let high = values.max() else { continue }
                for hit in channel {
                    let normalised = high > low ? (hit.score - low) / (high - low) : 1
                    if scores[hit.id] == nil { order.append(hit.id) }
                    scores[hit.id, default: 0] += weight * normalised
                }
            }
            let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            return order.map { ($0, scores[$0] ?? 0) }.sorted { left, right in
                left.1 != right.1 ? left.1 > right.1 : (position[left.0] ?? 0) < (position[right.0] ?? 0)
            }
        }
    }
}
