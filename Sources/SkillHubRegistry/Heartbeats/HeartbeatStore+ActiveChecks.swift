import Foundation
import SkillHubRedis

extension HeartbeatStore {
    /// Records `time` as the last beat of endpoints whose active check passes (a plain `ZADD`: watched
    /// from now whether Redis knew them or not), so the sweeper does not take them for silent ones.
    func touch(_ endpointIDs: [UUID], at time: Date) async throws {
        guard !endpointIDs.isEmpty else { return }
        let milliseconds = Int(Self.milliseconds(time))
        let members = endpointIDs.flatMap { [RedisArgument(milliseconds), RedisArgument($0.lowercasedString)] }
        _ = try await redis.send(RedisCommand("ZADD", [RedisArgument(RegistryKeys.heartbeatDeadlines)] + members))
    }
}
