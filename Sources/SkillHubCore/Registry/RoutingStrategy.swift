/// How the dispatcher picks one of a skill's healthy endpoints.
public enum RoutingStrategy: String, Sendable, Codable, CaseIterable {
    /// nginx's smooth weighted round robin (the default).
    case weightedRoundRobin = "weighted_round_robin"
    /// Envoy's power of two choices on weight / (in-flight + 1).
    case leastRequest = "least_request"
    /// A hash ring on a request key such as `session_id`.
    case consistentHash = "consistent_hash"
    /// A random pick in proportion to weight.
    case weightedRandom = "weighted_random"
}
