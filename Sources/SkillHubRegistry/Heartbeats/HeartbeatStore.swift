import Foundation
import SkillHubCore
import SkillHubRedis

/// Heartbeat state in Redis, shared by every server instance: a sorted set of
/// endpoint → last beat (scanned by the sweeper) and, per endpoint, a key with
/// a TTL holding the last reported load.
public struct HeartbeatStore: Sendable {
    let redis: RedisConnectionPool

    public init(redis: RedisConnectionPool) {
        self.redis = redis
    }

    /// Records beats at `time` in one round trip; load keys expire after `loadTTL`.
    func record(_ beats: [Heartbeat], at time: Date, loadTTL: Duration) async throws {
        guard !beats.isEmpty else { return }
        let milliseconds = Self.milliseconds(time)
        var zadd = [RedisArgument(RegistryKeys.heartbeatDeadlines)]
        zadd.reserveCapacity(1 + beats.count * 2)
        var commands: [RedisCommand] = []
        commands.reserveCapacity(beats.count + 1)
        let encoder = JSONEncoder()
        let ttl = RedisArgument(max(1, Int(loadTTL.inMilliseconds)))
        for beat in beats {
            zadd.append(RedisArgument(Int(milliseconds)))
            zadd.append(RedisArgument(beat.endpointID.lowercasedString))
            let load = EndpointLoad(inFlight: beat.inFlight, cpu: beat.cpu, at: milliseconds)
            commands.append(RedisCommand("SET", [RedisArgument(RegistryKeys.heartbeatLoad(beat.endpointID)), RedisArgument(bytes: Array(try encoder.encode(load))), "PX", ttl]))
        }
        commands.append(RedisCommand("ZADD", zadd))
        try await redis.checkedPipeline(commands)
    }

    /// Starts watching endpoints that have no beat yet (newly registered): their first interval starts at `time`.
    func track(_ endpointIDs: [UUID], at time: Date) async throws {
        guard let command = Self.trackCommand(endpointIDs, at: time) else { return }
        _ = try await redis.send(command)
    }

    /// The command of ``track(_:at:)``, to send with others; nil when there is nothing to watch.
    static func trackCommand(_ endpointIDs: [UUID], at time: Date) -> RedisCommand? {
        guard !endpointIDs.isEmpty else { return nil }
        let milliseconds = Int(Self.milliseconds(time))
        let members = endpointIDs.flatMap { [RedisArgument(milliseconds), RedisArgument($0.lowercasedString)] }
        return RedisCommand("ZADD", [RedisArgument(RegistryKeys.heartbeatDeadlines), "NX"] + members)
    }

    /// Stops watching endpoints (removed, or persistent and already unhealthy).
    func forget(_ endpointIDs: [UUID]) async throws {
        guard !endpointIDs.isEmpty else { return }
        _ = try await redis.pipeline([
            RedisCommand("ZREM", [RedisArgument(RegistryKeys.heartbeatDeadlines)] + endpointIDs.map { RedisArgument($0.lowercasedString) }),
            RedisCommand("DEL", endpointIDs.map { RedisArgument(RegistryKeys.heartbeatLoad($0)) }),
        ])
    }

    private static let renewScript = RedisScript(
        """
        local members = redis.call('ZRANGE', KEYS[1], 0, -1)
        for _, member in ipairs(members) do redis.call('ZADD', KEYS[1], 'XX', ARGV[1], member) end
        return #members
        """
    )

    /// Counts every watched endpoint as having beaten at `time`: the grace
    /// period after an outage in which beats could not be recorded.
    @discardableResult
    func renewAll(at time: Date) async throws -> Int {
        let reply = try await redis.evaluate(Self.renewScript, keys: [RegistryKeys.heartbeatDeadlines], arguments: [RedisArgument(Int(Self.milliseconds(time)))])
        return Int(reply.integer ?? 0)
    }

    /// Endpoints whose last beat is at or before `cutoff`, oldest first, with that time.
    func silent(since cutoff: Date, limit: Int) async throws -> [(endpointID: UUID, lastBeat: Date)] {
        let members = try await redis.sortedSetRange(RegistryKeys.heartbeatDeadlines, scores: 0...Double(Self.milliseconds(cutoff)), limit: limit)
        return members.compactMap { member in
            UUID(uuidString: member.member).map { ($0, Date(timeIntervalSince1970: member.score / 1000)) }
        }
    }

    /// The last reported load of each endpoint that has one.
    public func loads(of endpointIDs: [UUID]) async throws -> [UUID: EndpointLoad] {
        guard !endpointIDs.isEmpty else { return [:] }
        let reply = try await redis.send(RedisCommand("MGET", endpointIDs.map { RedisArgument(RegistryKeys.heartbeatLoad($0)) }))
        let decoder = JSONDecoder()
        var loads: [UUID: EndpointLoad] = [:]
        for (endpointID, value) in zip(endpointIDs, reply.array ?? []) {
            if let bytes = value.bytes, let load = try? decoder.decode(EndpointLoad.self, from: Data(bytes)) {
                loads[endpointID] = load
            }
        }
        return loads
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
