/// The consecutive results of one endpoint's active health check, and the transition they call for
/// (Envoy's and nginx's rule): ``ActiveHealthCheck/unhealthyThreshold`` failures in a row take a healthy
/// endpoint out of routing, ``ActiveHealthCheck/healthyThreshold`` passes in a row bring an unhealthy one back.
public struct ActiveCheckCounter: Sendable, Equatable {
    /// Passes in a row (0 after a failure).
    public private(set) var passes = 0
    /// Failures in a row (0 after a pass).
    public private(set) var failures = 0

    /// A counter with no result yet.
    public init() {}

    /// Records one probe of an endpoint now `current`; returns the status it must move to, if any.
    public mutating func record(passed: Bool, current: EndpointStatus, check: ActiveHealthCheck) -> EndpointStatus? {
        if passed {
            passes += 1
            failures = 0
            return current == .unhealthy && passes >= check.healthyThreshold ? .healthy : nil
        }
        failures += 1
        passes = 0
        return current == .healthy && failures >= check.unhealthyThreshold ? .unhealthy : nil
    }
}
