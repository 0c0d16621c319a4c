import struct Foundation.UUID

/// nginx's smooth weighted round robin: each pick adds every target's weight
/// to its current value, takes the largest, and subtracts the total from it.
/// Weights 5, 1, 1 give a a b a c a a — the heavy endpoint's turns are spread
/// out instead of bunched.
public struct SmoothWeightedRoundRobin: Sendable {
    private var current: [UUID: Int] = [:]

    public init() {}

    /// The next target; nil when none has a positive weight.
    public mutating func pick(from targets: [RouteTarget]) -> RouteTarget? {
        var total = 0
        var best: RouteTarget?
        var bestCurrent = Int.min
        for target in targets where target.weight > 0 {
            let value = current[target.id, default: 0] + target.weight
            current[target.id] = value
            total += target.weight
            if value > bestCurrent {
                best = target
                bestCurrent = value
            }
        }
        guard let best else { return nil }
        current[best.id, default: 0] -= total
        if current.count > targets.count * 2 {
            let live = Set(targets.map(\.id))
            current = current.filter { live.contains($0.key) }
        }
        return best
    }
}
