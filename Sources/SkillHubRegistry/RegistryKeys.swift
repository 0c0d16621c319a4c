import Foundation

/// The Redis keys and channel of the registry, in one place.
enum RegistryKeys {
    /// Sorted set: endpoint id → time of its last heartbeat (Unix milliseconds); the sweeper scans it for silence.
    static let heartbeatDeadlines = "skillhub:heartbeat:last"
    /// Per endpoint, with a TTL: the latest heartbeat's status and load figures.
    static func heartbeatLoad(_ endpointID: UUID) -> String { "skillhub:heartbeat:load:\(endpointID.lowercasedString)" }
    /// Per skill, a hash of call counters: `requests`, `errors`.
    static func skillStatistics(_ skillID: UUID) -> String { "skillhub:stats:skill:\(skillID.lowercasedString)" }
    /// The lease held by the one instance that sweeps for silent endpoints.
    static let sweeperLock = "skillhub:lock:health-sweeper"
    /// Pub/sub: registry changes every instance applies to its cache.
    static let changesChannel = "skillhub:registry:changes"
}
