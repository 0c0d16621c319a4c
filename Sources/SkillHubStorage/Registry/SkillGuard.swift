import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Loads a skill for a caller, enforcing ``SkillAccess``: a skill the caller
/// may not read is "not found" (its existence stays hidden); one it may read
/// but not change is "forbidden".
enum SkillGuard {
    static func readable(_ skillID: UUID, access: SkillAccess, on connection: PostgresConnection, logger: Logger) async throws -> SkillRecord {
        let rows = try await connection.query("SELECT \(unescaped: RegistryRows.skillColumns) FROM skills s WHERE s.skill_id = \(skillID)", logger: logger)
        guard let skill = try await RegistryRows.skills(rows).first, access.canRead(owner: skill.accountID, visibility: skill.visibility) else {
            throw notFound(skillID)
        }
        return try await RegistryRows.withChildren([skill], on: connection, logger: logger).first ?? skill
    }

    /// The skill, locked for the rest of the transaction, when the caller may change it.
    static func writable(_ skillID: UUID, access: SkillAccess, on connection: PostgresConnection, logger: Logger) async throws -> SkillRecord {
        let rows = try await connection.query("SELECT \(unescaped: RegistryRows.skillColumns) FROM skills s WHERE s.skill_id = \(skillID) FOR UPDATE", logger: logger)
        guard let skill = try await RegistryRows.skills(rows).first, access.canRead(owner: skill.accountID, visibility: skill.visibility) else {
            throw notFound(skillID)
        }
        guard access.canWrite(owner: skill.accountID) else {
            throw SkillHubError(.forbidden, "skill \(skillID.lowercasedString) belongs to another account; it can be read, not changed")
        }
        return skill
    }

    static func notFound(_ skillID: UUID) -> SkillHubError {
        SkillHubError(.skillNotFound, "skill \(skillID.lowercasedString) not found")
    }

}
