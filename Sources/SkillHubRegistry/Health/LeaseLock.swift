import Foundation
import SkillHubCore
import SkillHubRedis

/// A lock in Redis held by one owner for a lease that the owner renews:
/// whoever stops renewing (crashed, partitioned) loses it when the lease ends.
public struct LeaseLock: Sendable {
    /// What an attempt to take or keep the lock found.
    public enum Attempt: Sendable, Equatable {
        /// Taken now (it was free).
        case acquired
        /// Already ours; the lease was extended.
        case renewed
        /// Another owner holds it.
        case heldElsewhere
    }

    /// An attempt and, when another owner holds the lock, the time its lease has left.
    public struct Outcome: Sendable, Equatable {
        public var attempt: Attempt
        /// Set with ``Attempt/heldElsewhere`` only: when the holder's lease ends unless it renews.
        public var remaining: Duration?

        public init(attempt: Attempt, remaining: Duration? = nil) {
            self.attempt = attempt
            self.remaining = remaining
        }
    }

    let redis: RedisConnectionPool
    let key: String
    let owner: String
    let lease: Duration

    private static let script = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 2
        end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then left = tonumber(ARGV[2]) end
        return -left
        """
    )

    private static let releaseScript = RedisScript(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
    )

    public init(redis: RedisConnectionPool, key: String, owner: String, lease: Duration) {
        self.redis = redis
        self.key = key
        self.owner = owner
        self.lease = lease
    }

    /// Takes the lock if free, extends it if ours.
    public func acquireOrRenew() async throws -> Attempt {
        try await attempt().attempt
    }

    /// Takes the lock if free, extends it if ours; else tells how long the holder's lease has left.
    public func attempt() async throws -> Outcome {
        let milliseconds = max(1, Int(lease.inMilliseconds))
        let reply = try await redis.evaluate(Self.script, keys: [key], arguments: [RedisArgument(owner), RedisArgument(milliseconds)])
        switch reply.integer {
        case 1: return Outcome(attempt: .acquired)
        case 2: return Outcome(attempt: .renewed)
        case let left?: return Outcome(attempt: .heldElsewhere, remaining: .milliseconds(-left))
        case nil: return Outcome(attempt: .heldElsewhere)
        }
    }

    /// Gives the lock up if ours, so another instance can take over at once.
    public func release() async throws {
        _ = try await redis.evaluate(Self.releaseScript, keys: [key], arguments: [RedisArgument(owner)])
    }
}
