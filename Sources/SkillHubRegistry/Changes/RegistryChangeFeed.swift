import Foundation
import Logging
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

    public func publish(_ kind: String, skillIDs: some Sequence<UUID>) async {
        for skillID in Set(skillIDs) {
            let change = RegistryChange(kind: kind, skillID: skillID, origin: instanceID)
            do {
                let payload = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
                _ = try await redis.publish(payload, to: RegistryKeys.changesChannel)
            } catch {
                logger.warning("could not publish a registry change", metadata: ["kind": "\(kind)", "skill_id": "\(skillID)", "error": "\(error)"])
            }
        }
    }
}
