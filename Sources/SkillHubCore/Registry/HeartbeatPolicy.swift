/// When a silent endpoint leaves routing and when it is removed.
///
/// Anchors: Eureka and Ooder's SDK (30 s beats, unhealthy after 90 s), Nacos
/// (5 s beats, unhealthy after 15 s, removed after 30 s).
public struct HeartbeatPolicy: Sendable, Equatable {
    /// How often endpoints are expected to beat (`AI_BRIDGE_HEARTBEAT_INTERVAL`).
    public var interval: Duration
    /// Silence after which an endpoint is unhealthy: three intervals.
    public var unhealthyAfter: Duration
    /// Silence after which an ephemeral endpoint is removed (`SKILLHUB_ENDPOINT_DELETE_TIMEOUT`).
    public var deleteAfter: Duration

    public init(interval: Duration, unhealthyAfter: Duration? = nil, deleteAfter: Duration? = nil) {
        self.interval = interval
        self.unhealthyAfter = unhealthyAfter ?? interval * 3
        self.deleteAfter = max(deleteAfter ?? interval * 10, self.unhealthyAfter)
    }

    /// What `silence` since the last beat means for an endpoint.
    public func liveness(afterSilence silence: Duration) -> EndpointLiveness {
        if silence >= deleteAfter { return .expired }
        if silence >= unhealthyAfter { return .overdue }
        return .alive
    }

    /// How often the expiry sweeper looks for silent endpoints: a third of an interval, between 100 ms and 5 s.
    public var sweepPeriod: Duration {
        min(max(interval / 3, .milliseconds(100)), .seconds(5))
    }
}

/// An endpoint's standing by the time since its last heartbeat.
public enum EndpointLiveness: Sendable, Equatable {
    /// Beating on time.
    case alive
    /// Silent for three intervals: unhealthy, out of routing.
    case overdue
    /// Silent past the delete timeout: removed if ephemeral.
    case expired
}
