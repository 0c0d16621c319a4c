/// How long to wait before starting a crashed plugin-host process again:
/// doubling from ``initialDelay`` up to ``maximumDelay``.
public struct RestartBackoff: Sendable {
    public var initialDelay: Duration
    public var maximumDelay: Duration

    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(30)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before attempt `failures + 1`.
    public func delay(afterFailures failures: Int) -> Duration {
        let factor = 1 << min(max(failures, 0), 20)
        return min(initialDelay * factor, maximumDelay)
    }
}
