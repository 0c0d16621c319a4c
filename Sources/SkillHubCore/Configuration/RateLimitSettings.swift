/// The route groups that can be rate limited, each with a token bucket of its own.
public enum RateLimitGroup: String, Sendable, CaseIterable {
    /// `POST /api/v1/auth/token`, per API key presented (on by default).
    case token
    /// Invoking skills: invoke, commands, chat, rerank, embeddings, memory, search and knowledge
    /// queries, per account (off by default).
    case dispatch
    /// Registry writes: every non-`GET` route under `/api/v1/skills` except invoke, and the
    /// heartbeats, per account (off by default).
    case registryWrites = "registry_writes"

    /// The part of the group's variables after `RATE_LIMIT_`: `TOKEN`, `DISPATCH`, `REGISTRY_WRITES`.
    public var variableStem: String { rawValue.uppercased() }
}

/// One token bucket: it holds at most ``burst`` requests and regains ``limit`` every
/// ``windowSeconds``, evenly (one every `windowSeconds / limit` seconds), as Kong's rate-limiting
/// plugin counts requests per minute.
public struct RateLimitRule: Sendable, Equatable {
    /// Requests allowed a window, on average.
    public var limit: Int
    /// The window ``limit`` is counted over, in seconds (60 for the route groups).
    public var windowSeconds: Int
    /// The most requests allowed at once, after a quiet spell (the bucket's size).
    public var burst: Int

    public init(limit: Int, windowSeconds: Int = 60, burst: Int? = nil) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.burst = burst ?? limit
    }

    /// Tokens regained a second.
    public var refillPerSecond: Double { Double(limit) / Double(max(1, windowSeconds)) }
}

/// Rate limiting (`RATE_LIMIT_*`): token buckets kept in Redis, so that every instance counts
/// against the same budget. Token issuance and authentication failures are limited by default;
/// the other groups when their `RATE_LIMIT_<GROUP>_PER_MINUTE` is set. Redis out of reach lets
/// requests through (fail open) with a logged warning.
public struct RateLimitSettings: Sendable, Equatable {
    /// The master switch (`RATE_LIMIT_ENABLED`, true); off, nothing is limited.
    public var enabled: Bool
    /// The bucket of each limited group; a group without one is not limited.
    public var rules: [RateLimitGroup: RateLimitRule]
    /// Failed authentications allowed per client address (`RATE_LIMIT_AUTH_FAILURES`, 20 per
    /// `RATE_LIMIT_AUTH_FAILURES_WINDOW` seconds, 300): past it, that address's requests that carry
    /// credentials get 429 before the credential is checked. Nil when off.
    public var authFailures: RateLimitRule?
    /// The proxies whose `X-Forwarded-For` is believed (`RATE_LIMIT_TRUSTED_PROXIES`, exact IP
    /// addresses); empty: the client address is always the connection's peer.
    public var trustedProxies: Set<String>

    public static let defaultTokenRule = RateLimitRule(limit: 30)
    public static let defaultAuthFailures = 20
    public static let defaultAuthFailureWindowSeconds = 300

    public init(
        enabled: Bool = true,
        rules: [RateLimitGroup: RateLimitRule] = [.token: RateLimitSettings.defaultTokenRule],
        authFailures: RateLimitRule? = RateLimitRule(
            limit: RateLimitSettings.defaultAuthFailures, windowSeconds: RateLimitSettings.defaultAuthFailureWindowSeconds
        ),
        trustedProxies: Set<String> = []
    ) {
        self.enabled = enabled
        self.rules = rules
        self.authFailures = authFailures
        self.trustedProxies = trustedProxies
    }

    /// Nothing limited at all.
    public static let off = RateLimitSettings(enabled: false, rules: [:], authFailures: nil)

    /// The bucket of `group`, when it is limited.
    public func rule(for group: RateLimitGroup) -> RateLimitRule? {
        enabled ? rules[group] : nil
    }

    /// The failed-authentication bucket, when on.
    public var authFailureRule: RateLimitRule? { enabled ? authFailures : nil }
}
