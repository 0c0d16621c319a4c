/// What has passed through a running plugin: calls so far, failed ones, and those in flight.
public struct PluginCallCounters: Sendable, Equatable {
    public var calls = 0
    public var failures = 0
    public var inFlight = 0
}
