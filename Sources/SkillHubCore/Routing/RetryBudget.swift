/// A retry budget (as Envoy's): retries in flight may be at most `ratio` of
/// the requests in flight, but `minimumConcurrent` are always allowed, so a
/// failing backend meets a bounded extra load instead of a retry storm.
public struct RetryBudget: Sendable, Equatable {
    public var ratio: Double
    public var minimumConcurrent: Int
    private(set) public var activeRequests = 0
    private(set) public var activeRetries = 0

    public init(ratio: Double = 0.2, minimumConcurrent: Int = 3) {
        self.ratio = ratio
        self.minimumConcurrent = minimumConcurrent
    }

    /// A request starts.
    public mutating func requestStarted() { activeRequests += 1 }

    /// A request ends.
    public mutating func requestFinished() { activeRequests = max(0, activeRequests - 1) }

    /// Takes a retry from the budget if there is one; pair with ``retryFinished()``.
    public mutating func acquireRetry() -> Bool {
        let allowed = max(minimumConcurrent, Int(Double(activeRequests) * ratio))
        guard activeRetries < allowed else { return false }
        activeRetries += 1
        return true
    }

    /// A retry ends.
    public mutating func retryFinished() { activeRetries = max(0, activeRetries - 1) }
}
