import SkillHubCore

/// A skill invocation to store and run later: the caller it runs as, the call, and how to run it.
public struct DeferredInvocationDraft: Sendable {
    /// Who the job runs as (the original caller).
    public var principal: Principal
    /// The plugin that deferred it.
    public var plugin: String
    public var skill: String
    public var capability: String
    public var input: JSONValue
    public var sessionID: String?
    /// At most one pending job with this key per account and skill.
    public var dedupeKey: String?
    /// Jobs with this key (per account and skill) run one at a time, in creation order.
    public var serialKey: String?
    /// How long before its first attempt.
    public var delay: Duration
    public var maxAttempts: Int

    public init(
        principal: Principal, plugin: String, skill: String, capability: String, input: JSONValue, sessionID: String? = nil,
        dedupeKey: String? = nil, serialKey: String? = nil, delay: Duration = .zero, maxAttempts: Int = 5
    ) {
        self.principal = principal
        self.plugin = plugin
        self.skill = skill
        self.capability = capability
        self.input = input
        self.sessionID = sessionID
        self.dedupeKey = dedupeKey
        self.serialKey = serialKey
        self.delay = delay
        self.maxAttempts = maxAttempts
    }
}
