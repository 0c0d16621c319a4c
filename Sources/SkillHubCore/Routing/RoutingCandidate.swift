/// An endpoint with what decides whether it may take a call now.
public struct RoutingCandidate: Sendable, Hashable {
    public var target: RouteTarget
    /// Healthy by heartbeats (not unhealthy, not disabled).
    public var isHealthy: Bool
    /// Ejected by outlier detection after consecutive failures.
    public var isEjected: Bool

    public init(target: RouteTarget, isHealthy: Bool, isEjected: Bool = false) {
        self.target = target
        self.isHealthy = isHealthy
        self.isEjected = isEjected
    }

    /// The targets a call may go to: healthy, not ejected, weight above 0.
    /// When fewer than `panicThreshold` of the weighted endpoints qualify,
    /// routing spreads over all of them instead (Envoy's panic mode), so a
    /// mass failure of health checks does not overload the few left.
    public static func eligible(_ candidates: [RoutingCandidate], panicThreshold: Double = 0.5) -> (targets: [RouteTarget], panic: Bool) {
        let weighted = candidates.filter { $0.target.weight > 0 }
        let good = weighted.filter { $0.isHealthy && !$0.isEjected }
        guard !weighted.isEmpty else { return ([], false) }
        if Double(good.count) < Double(weighted.count) * panicThreshold {
            return (weighted.map(\.target), true)
        }
        return (good.map(\.target), false)
    }
}
