import Foundation
import SkillHubRedis

/// Per-skill call counters in Redis, shared by every instance (the dispatcher counts calls and failures).
public struct SkillStatistics: Sendable {
    public struct Counters: Sendable, Equatable {
        public var requests: Int
        public var errors: Int
    }

    let redis: RedisConnectionPool

    public init(redis: RedisConnectionPool) {
        self.redis = redis
    }

    /// Counts one call, and one error when it failed.
    public func record(skillID: UUID, failed: Bool) async throws {
        let key = RegistryKeys.skillStatistics(skillID)
        var commands = [RedisCommand("HINCRBY", [RedisArgument(key), "requests", 1])]
        if failed { commands.append(RedisCommand("HINCRBY", [RedisArgument(key), "errors", 1])) }
        _ = try await redis.pipeline(commands)
    }

    public func counters(of skillID: UUID) async throws -> Counters {
        let fields = try await redis.hashGetAll(RegistryKeys.skillStatistics(skillID))
        return Counters(requests: fields["requests"].flatMap(Int.init) ?? 0, errors: fields["errors"].flatMap(Int.init) ?? 0)
    }
}
