/// How long a deferred invocation waits after a failed attempt before the next: `base` after the
/// first, doubling after each further one, never more than `maximum` (5 s, 10 s, 20 s, … 10 min
/// by default).
public struct DeferredBackoff: Sendable, Equatable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .seconds(5), maximum: Duration = .seconds(600)) {
        self.base = base
        self.maximum = max(base, maximum)
    }

    /// The pause after the `attempt`-th failed attempt (1 for the first): base × 2^(attempt − 1), capped.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 40)
        var delay = base
        for _ in 0..<doublings {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
