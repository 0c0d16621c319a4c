/// Whether an endpoint takes part in routing.
public enum EndpointStatus: String, Sendable, Codable, CaseIterable {
    /// Heartbeats arrive: routable.
    case healthy
    /// No heartbeat for three intervals, or reported down: out of routing until a heartbeat.
    case unhealthy
    /// Switched off by its owner: out of routing, heartbeats do not revive it.
    case disabled
}
