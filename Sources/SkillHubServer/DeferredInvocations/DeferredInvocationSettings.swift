import SkillHubStorage

/// How the deferred-invocation runner works: how often it looks for due jobs, how long it holds
/// one, how many it runs at once, and the pause after a failed attempt. The defaults suit a
/// server; tests shorten the poll interval and the backoff.
public struct DeferredInvocationSettings: Sendable {
    /// How often an idle runner looks for due jobs (this instance's new jobs wake it at once).
    public var pollInterval: Duration
    /// The pause after a failed attempt (doubling, capped).
    public var backoff: DeferredBackoff
    /// How long a claim lasts: a job whose runner stopped is taken over after it. An attempt's
    /// timeout stays within it.
    public var lease: Duration
    /// Jobs run at once by one instance.
    public var concurrency: Int

    public init(pollInterval: Duration = .seconds(1), backoff: DeferredBackoff = DeferredBackoff(), lease: Duration = .seconds(300), concurrency: Int = 4) {
        self.pollInterval = max(pollInterval, .milliseconds(10))
        self.backoff = backoff
        self.lease = max(lease, .seconds(1))
        self.concurrency = max(concurrency, 1)
    }
}
