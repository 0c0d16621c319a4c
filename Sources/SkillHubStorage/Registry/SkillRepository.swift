import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Skills with their endpoints and capabilities, scoped by the caller's
/// ``SkillAccess``. Every change is recorded in the audit trail in the same transaction.
///
/// A skill the caller may not read is reported as not found (its existence is
/// not revealed); one it may read but not change is forbidden.
public struct SkillRepository: Sendable {
    private let database: Database
    private let writes: SkillWriteQueue
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.registry")) {
        self.database = database
        self.writes = SkillWriteQueue(database: database, logger: logger)
        self.logger = logger
    }

    // MARK: Reads

    public func skill(_ skillID: UUID, access: SkillAccess) async throws -> SkillRecord {
        try await database.withConnection { connection in
            try await SkillGuard.readable(skillID, access: access, on: connection, logger: logger)
        }
    }

    /// The skill registered under `name` and `version`, if the caller may read it.
    public func skill(named name: String, version: String, access: SkillAccess) async throws -> SkillRecord? {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: RegistryRows.skillColumns) FROM skills s WHERE s.name = \(name) AND s.version = \(version)",
                logger: logger
            )
            guard let skill = try await RegistryRows.skills(rows).first, access.canRead(owner: skill.accountID, visibility: skill.visibility) else {
                return nil
            }
            return try await RegistryRows.withChildren([skill], on: connection, logger: logger).first
        }
    }

    /// Skills the caller may read, newest first, filtered and paged.
    public func skills(_ query: SkillQuery, access: SkillAccess) async throws -> Page<SkillRecord> {
        let (everything, account) = Self.bindings(access)
        let status = query.status?.rawValue
        let filter: PostgresQuery = """
            FROM skills s
            WHERE (\(everything) OR s.account_id = \(account) OR s.visibility = 'public')
              AND (\(query.name)::text IS NULL OR s.name = \(query.name))
              AND (\(status)::text IS NULL OR s.status = \(status))
              AND (\(query.capability)::text IS NULL OR EXISTS (
                    SELECT 1 FROM capabilities c WHERE c.skill_id = s.skill_id AND c.name = \(query.capability)))
              AND (\(query.category)::text IS NULL OR EXISTS (
                    SELECT 1 FROM capabilities c WHERE c.skill_id = s.skill_id AND c.category = \(query.category)))
            """
        return try await database.withConnection { connection in
            let (total, rows) = try await RegistryRows.page(
                RegistryRows.skillColumns, filter, orderBy: "s.created_at DESC, s.skill_id", limit: query.limit, offset: query.offset,
                on: connection, logger: logger
            )
            let skills = try await RegistryRows.skills(rows)
            return Page(items: try await RegistryRows.withChildren(skills, on: connection, logger: logger), total: total)
        }
    }

    // MARK: Writes

    /// Creates a skill owned by `access`'s account; 409 when name and version are taken.
    public func create(_ draft: SkillDraft, access: SkillAccess, by actor: Principal) async throws -> SkillRecord {
        try await write(draft, access: access, by: actor, replacing: false).skill
    }

    /// Creates the skill, or updates the one with the same name and version:
    /// its fields and capabilities take the draft's values, its endpoints are
    /// merged by URL (each service instance registers its own).
    public func register(_ draft: SkillDraft, access: SkillAccess, by actor: Principal) async throws -> (skill: SkillRecord, created: Bool) {
        try await write(draft, access: access, by: actor, replacing: true)
    }

    /// The write behind ``create(_:access:by:)`` and ``register(_:access:by:)``:
    /// one ``SkillWriteStatement``, shared with concurrent writes (``SkillWriteQueue``).
    private func write(_ draft: SkillDraft, access: SkillAccess, by actor: Principal, replacing: Bool) async throws -> (skill: SkillRecord, created: Bool) {
        let written: SkillWriteStatement.Row?
        do {
            written = try await writes.write(SkillWriteStatement.Item(draft: draft, access: access, actor: actor, replacing: replacing))
        } catch let error as PSQLError where error.isUniqueViolation {
            // Only a client-chosen skill_id can collide here.
            throw SkillHubError(.conflict, "skill id \(draft.requestedID?.lowercasedString ?? "") is already in use")
        }
        guard let (id, account, name, description, version, status, visibility, strategy, timeout, metadata, createdBy, heartbeat, createdAt, updatedAt, endpoints, capabilities) = written else {
            throw try await database.withConnection { try await writeRefusal(draft, access: access, replacing: replacing, on: $0) }
        }
        var skill = RegistryRows.skill((id, account, name, description, version, status, visibility, strategy, timeout, metadata, createdBy, heartbeat, createdAt, updatedAt))
        skill.endpoints = try RegistryJSONRows.endpoints(endpoints)
        skill.capabilities = try RegistryJSONRows.capabilities(capabilities)
        // A new row has created_at = updated_at (one statement's now()); an updated one does not.
        return (skill, skill.createdAt == skill.updatedAt)
    }

    /// Why nothing was written: the name and version exist (create), or another account holds them (register).
    private func writeRefusal(_ draft: SkillDraft, access: SkillAccess, replacing: Bool, on connection: PostgresConnection) async throws -> SkillHubError {
        let rows = try await connection.query(
            "SELECT account_id, visibility FROM skills WHERE name = \(draft.name) AND version = \(draft.version)",
            logger: logger
        )
        guard replacing, let (owner, visibility) = try await rows.first(decoding: (String?, String).self) else {
            return Self.duplicate(name: draft.name, version: draft.version)
        }
        let readable = access.canRead(owner: owner, visibility: SkillVisibility(rawValue: visibility) ?? .private)
        return SkillHubError(readable ? .forbidden : .conflict, "skill '\(draft.name)' \(draft.version) is registered by another account")
    }

    /// Applies a partial update; endpoints and capabilities, when given, replace the current sets.
    public func update(_ skillID: UUID, with patch: SkillPatch, access: SkillAccess, by actor: Principal) async throws -> SkillRecord {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                let current = try await SkillGuard.writable(skillID, access: access, on: connection, logger: logger)
                let timeout = patch.timeoutMilliseconds ?? current.timeoutMilliseconds
                do {
                    try await connection.query(
                        """
                        UPDATE skills SET name = \(patch.name ?? current.name), description = \(patch.description ?? current.description),
                            version = \(patch.version ?? current.version), status = \((patch.status ?? current.status).rawValue),
                            visibility = \((patch.visibility ?? current.visibility).rawValue),
                            routing_strategy = \((patch.routingStrategy ?? current.routingStrategy).rawValue),
                            timeout_ms = \(timeout), metadata = \(JSONText.encode(patch.metadata ?? current.metadata))::jsonb, updated_at = now()
                        WHERE skill_id = \(skillID)
                        """,
                        logger: logger
                    )
                } catch let error as PSQLError where error.isUniqueViolation {
                    throw Self.duplicate(name: patch.name ?? current.name, version: patch.version ?? current.version)
                }
                if let endpoints = patch.endpoints {
                    try await RegistryWrites.mergeEndpoints(endpoints, skillID: skillID, on: connection, logger: logger)
                    try await connection.query(
                        "DELETE FROM endpoints WHERE skill_id = \(skillID) AND NOT (url = ANY(\(endpoints.map(\.url))))",
                        logger: logger
                    )
                }
                if let capabilities = patch.capabilities {
                    try await RegistryWrites.replaceCapabilities(capabilities, skillID: skillID, on: connection, logger: logger)
                }
                try await record(actor, access: access, kind: "skill.updated", skillID: skillID, on: connection)
                return try await SkillGuard.readable(skillID, access: access, on: connection, logger: logger)
            }
        }
    }

    /// Sets the skill's status (`PUT /api/v1/skills/{id}/status`).
    public func setStatus(_ skillID: UUID, to status: SkillStatus, access: SkillAccess, by actor: Principal) async throws -> SkillRecord {
        var patch = SkillPatch()
        patch.status = status
        return try await update(skillID, with: patch, access: access, by: actor)
    }

    /// Deletes the skill with its endpoints and capabilities; returns what was deleted.
    @discardableResult
    public func delete(_ skillID: UUID, access: SkillAccess, by actor: Principal, kind: String = "skill.deleted") async throws -> SkillRecord {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                let skill = try await SkillGuard.writable(skillID, access: access, on: connection, logger: logger)
                let full = try await RegistryRows.withChildren([skill], on: connection, logger: logger).first ?? skill
                try await connection.query("DELETE FROM skills WHERE skill_id = \(skillID)", logger: logger)
                try await record(actor, access: access, kind: kind, skillID: skillID, details: ["name": .string(skill.name), "version": .string(skill.version)], on: connection)
                return full
            }
        }
    }

    // MARK: Helpers

    private static func duplicate(name: String, version: String) -> SkillHubError {
        SkillHubError(.conflict, "skill '\(name)' version \(version) is already registered")
    }

    static func bindings(_ access: SkillAccess) -> (everything: Bool, account: String?) {
        switch access {
        case .everything: (true, nil)
        case .account(let id): (false, id)
        }
    }

    private func record(_ actor: Principal, access: SkillAccess, kind: String, skillID: UUID, details: JSONValue = [:], on connection: PostgresConnection) async throws {
        try await EventLog.record(
            on: connection, actor: actor, accountID: actor.accountID, kind: kind,
            subjectType: "skill", subjectID: skillID.lowercasedString, details: details, logger: logger
        )
    }
}
