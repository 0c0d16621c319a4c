import SkillHubCore
import SkillHubRedis

/// What to do with a bucket.
enum TokenBucketMode: String, Sendable {
    /// Spend a token when there is one.
    case take
    /// Look without spending.
    case peek
    /// Spend a token even to zero (a failed authentication).
    case drain
}

/// A bucket's state after one use.
struct TokenBucketState: Sendable, Equatable {
    /// Whether a token was there (taken, for ``TokenBucketMode/take``).
    var allowed: Bool
    /// Whole tokens left.
    var remaining: Int
    /// Milliseconds until the next token.
    var retryAfterMilliseconds: Int
    /// Milliseconds until the bucket is full again.
    var resetMilliseconds: Int
}

/// Where the buckets are kept.
protocol TokenBucketStore: Sendable {
    /// Uses the bucket `key` of `rule` as `mode` says.
    func use(_ key: String, rule: RateLimitRule, mode: TokenBucketMode) async throws -> TokenBucketState
}

/// The buckets in Redis, through ``TokenBucketScript``: shared by every instance.
struct RedisTokenBucketStore: TokenBucketStore {
    let redis: RedisConnectionPool

    func use(_ key: String, rule: RateLimitRule, mode: TokenBucketMode) async throws -> TokenBucketState {
        let reply = try await redis.evaluate(
            TokenBucketScript.script,
            keys: [key],
            arguments: [RedisArgument(rule.burst), RedisArgument(rule.refillPerSecond), RedisArgument(mode.rawValue)]
        )
        guard let values = reply.array?.compactMap(\.integer), values.count == 4 else {
            throw RedisClientError.unexpectedReply(command: "EVALSHA (token bucket)", reply: "\(reply)")
        }
        return TokenBucketState(
            allowed: values[0] == 1,
            remaining: Int(values[1]),
            retryAfterMilliseconds: Int(values[2]),
            resetMilliseconds: Int(values[3])
        )
    }
}
