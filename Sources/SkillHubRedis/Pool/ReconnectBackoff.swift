/// Exponential back-off between connection attempts after failures.
///
/// After `n` consecutive failures the next attempt waits
/// `min(initial × 2^(n-1), maximum)`; a success resets it.
public struct ReconnectBackoff: Sendable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public private(set) var consecutiveFailures = 0
    public private(set) var lastError: String?
    private var nextAttempt: ContinuousClock.Instant?

    public init(initialDelay: Duration = .milliseconds(50), maximumDelay: Duration = .seconds(2)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The delay that follows the current number of failures.
    public var currentDelay: Duration {
        guard consecutiveFailures > 0 else { return .zero }
        let exponent = min(consecutiveFailures - 1, 30)
        let delay = initialDelay * (1 << exponent)
        return min(delay, maximumDelay)
    }

    /// How long until the next attempt is allowed, or nil if it is allowed now.
    public func remainingDelay(at now: ContinuousClock.Instant) -> Duration? {
        guard let nextAttempt, now < nextAttempt else { return nil }
        return nextAttempt - now
    }

    public mutating func recordFailure(_ error: String, at now: ContinuousClock.Instant) {
        consecutiveFailures += 1
        lastError = error
        nextAttempt = now + currentDelay
    }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
        lastError = nil
        nextAttempt = nil
    }
}
