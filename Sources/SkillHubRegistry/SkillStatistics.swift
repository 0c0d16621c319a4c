import Foundation
import SkillHubRedis

/// Per-skill call counters in Redis, shared by every instance (the dispatcher counts calls and failures).
public struct SkillStatistics: Sendable {
    public struct Counters: Sendable, Equatable {
        public var requests: Int
        public var errors: Int

        public init(requests: Int = 0, errors: Int = 0) {
            self.requests = requests
            self.errors = errors
        }
    }

    let redis: RedisConnectionPool

    public init(redis: RedisConnectionPool) {
        self.redis = redis
    }

    /// Adds calls and errors to each skill's counters, in one round trip.
    public func add(_ counts: [UUID: Counters]) async throws {
        var commands: [RedisCommand] = []
        for (skillID, count) in counts {
            let key = RegistryKeys.skillStatistics(skillID)
            if count.requests > 0 { commands.append(RedisCommand("HINCRBY", [RedisArgument(key), "requests", RedisArgument(count.requests)])) }
            if count.errors > 0 { commands.append(RedisCommand("HINCRBY", [RedisArgument(key), "errors", RedisArgument(count.errors)])) }
        }
        guard !commands.isEmpty else { return }
        _ = try await redis.pipeline(commands)
    }

    public func counters(of skillID: UUID) async throws -> Counters {
        let fields = try await redis.hashGetAll(RegistryKeys.skillStatistics(skillID))
        return Counters(requests: fields["requests"].flatMap(Int.init) ?? 0, errors: fields["errors"].flatMap(Int.init) ?? 0)
    }
}
