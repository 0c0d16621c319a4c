import Foundation
import Logging
import SkillHubCore
import SkillHubRedis

/// Publishes registry changes on Redis pub/sub. Publishing is best effort:
/// a change that cannot be published is still in PostgreSQL, and every cache
/// reloads fully on reconnect and periodically.
public struct RegistryChangeFeed: Sendable {
    let redis: RedisConnectionPool
    /// This server instance, so it can tell its own changes apart.
    public let instanceID: UUID
    let logger: Logger

    public init(redis: RedisConnectionPool, instanceID: UUID = UUID(), logger: Logger = Logger(label: "skillhub.registry")) {
        self.redis = redis
        self.instanceID = instanceID
        self.logger = logger
    }

    /// Publishes `kind` for each skill, in one round trip with `commands`
    /// (sent first: follow-ups of the change, such as watching its new endpoints).
    public func publish(_ kind: String, skillIDs: some Sequence<UUID>, with commands: [RedisCommand] = []) async {
        let skillIDs = Set(skillIDs)
        let publications = skillIDs.map { RedisCommand("PUBLISH", [RedisArgument(RegistryKeys.changesChannel), RedisArgument(bytes: payload(kind, skillID: $0))]) }
        do {
            try await redis.checkedPipeline(commands + publications)
        } catch {
            logger.warning("could not publish a registry change", metadata: ["kind": "\(kind)", "skill_ids": "\(skillIDs)", "error": "\(error)"])
        }
    }

    /// The message of one change: a ``RegistryChange`` as JSON.
    private func payload(_ kind: String, skillID: UUID) -> [UInt8] {
        JSONValue.serializedObject([
            "kind": .string(kind),
            "skill_id": .string(skillID.lowercasedString),
            "origin": .string(instanceID.lowercasedString),
        ])
    }
}
