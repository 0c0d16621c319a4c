import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// A skill's endpoints: the owner's changes (add, weight, status, remove),
/// the health transitions driven by heartbeats, and the throttled
/// `last_heartbeat` writes.
public struct EndpointRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.registry")) {
        self.database = database
        self.logger = logger
    }

    // MARK: Owner's changes

    public func endpoints(of skillID: UUID, access: SkillAccess) async throws -> [EndpointRecord] {
        try await database.withConnection { connection in
            try await SkillGuard.readable(skillID, access: access, on: connection, logger: logger).endpoints
        }
    }

    /// Adds an endpoint; 409 when the skill already has its URL.
    public func add(_ draft: EndpointDraft, to skillID: UUID, access: SkillAccess, by actor: Principal) async throws -> EndpointRecord {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                _ = try await SkillGuard.writable(skillID, access: access, on: connection, logger: logger)
                let endpoint: EndpointRecord?
                do {
                    let rows = try await connection.query(
                        """
                        INSERT INTO endpoints AS e (skill_id, url, protocol, weight, ephemeral, metadata)
                        VALUES (\(skillID), \(draft.url), \(draft.protocol.rawValue), \(draft.weight), \(draft.ephemeral), \(JSONText.encode(draft.metadata))::jsonb)
                        RETURNING \(unescaped: RegistryRows.endpointColumns)
                        """,
                        logger: logger
                    )
                    // A constraint violation arrives with the rows, so they are read inside the `do`.
                    endpoint = try await RegistryRows.endpoints(rows).first
                } catch let error as PSQLError where error.isUniqueViolation {
                    throw SkillHubError(.conflict, "the skill already has an endpoint at \(draft.url)")
                }
                guard let endpoint else {
                    throw SkillHubError(.internalError, "the new endpoint was not stored")
                }
                try await record(actor, kind: "endpoint.added", endpoint: endpoint, details: ["url": .string(draft.url), "weight": .number(Double(draft.weight))], on: connection)
                return endpoint
            }
        }
    }

    /// Changes weight, status or metadata. An owner may set `healthy` (back into
    /// routing until heartbeats say otherwise) or `disabled`.
    public func update(_ endpointID: UUID, of skillID: UUID, with patch: EndpointPatch, access: SkillAccess, by actor: Principal) async throws -> EndpointRecord {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                _ = try await SkillGuard.writable(skillID, access: access, on: connection, logger: logger)
                let metadata = patch.metadata.map { JSONText.encode($0) }
                let rows = try await connection.query(
                    """
                    UPDATE endpoints e SET weight = coalesce(\(patch.weight)::int, e.weight), status = coalesce(\(patch.status?.rawValue)::text, e.status),
                        metadata = coalesce(\(metadata)::jsonb, e.metadata), updated_at = now()
                    WHERE e.endpoint_id = \(endpointID) AND e.skill_id = \(skillID)
                    RETURNING \(unescaped: RegistryRows.endpointColumns)
                    """,
                    logger: logger
                )
                guard let endpoint = try await RegistryRows.endpoints(rows).first else { throw Self.notFound(endpointID) }
                var details: [String: JSONValue] = [:]
                if let weight = patch.weight { details["weight"] = .number(Double(weight)) }
                if let status = patch.status { details["status"] = .string(status.rawValue) }
                try await record(actor, kind: "endpoint.updated", endpoint: endpoint, details: .object(details), on: connection)
                return endpoint
            }
        }
    }

    /// Removes an endpoint; returns it.
    @discardableResult
    public func remove(_ endpointID: UUID, of skillID: UUID, access: SkillAccess, by actor: Principal) async throws -> EndpointRecord {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                _ = try await SkillGuard.writable(skillID, access: access, on: connection, logger: logger)
                let rows = try await connection.query(
                    "DELETE FROM endpoints e WHERE e.endpoint_id = \(endpointID) AND e.skill_id = \(skillID) RETURNING \(unescaped: RegistryRows.endpointColumns)",
                    logger: logger
                )
                guard let endpoint = try await RegistryRows.endpoints(rows).first else { throw Self.notFound(endpointID) }
                try await record(actor, kind: "endpoint.removed", endpoint: endpoint, details: ["url": .string(endpoint.url)], on: connection)
                return endpoint
            }
        }
    }

    // MARK: Health, driven by heartbeats and the sweeper

    /// Moves endpoints from `from` to `to`; returns those that changed, each change
    /// recorded as an event by `actor` in the same statement.
    public func transition(_ endpointIDs: [UUID], from: EndpointStatus, to: EndpointStatus, reason: String, by actor: Principal) async throws -> [EndpointRecord] {
        guard !endpointIDs.isEmpty else { return [] }
        let kind = "endpoint.\(to.rawValue)"
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                WITH e AS (
                    UPDATE endpoints e SET status = \(to.rawValue), updated_at = now()
                    WHERE e.endpoint_id = ANY(\(endpointIDs)) AND e.status = \(from.rawValue)
                    RETURNING e.*
                ), logged AS (
                    INSERT INTO events (actor, account_id, kind, subject_type, subject_id, details)
                    SELECT \(actor.actor), \(actor.accountID), \(kind), 'endpoint', e.endpoint_id::text,
                           jsonb_build_object('reason', \(reason)::text, 'skill_id', e.skill_id::text)
                    FROM e
                )
                SELECT \(unescaped: RegistryRows.endpointColumns) FROM e
                """,
                logger: logger
            )
            return try await RegistryRows.endpoints(rows)
        }
    }

    /// Deletes the ephemeral, unhealthy endpoints among `endpointIDs`; returns them,
    /// each removal recorded as an event by `actor` in the same statement.
    public func removeExpired(_ endpointIDs: [UUID], by actor: Principal) async throws -> [EndpointRecord] {
        guard !endpointIDs.isEmpty else { return [] }
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                WITH e AS (
                    DELETE FROM endpoints e WHERE e.endpoint_id = ANY(\(endpointIDs)) AND e.ephemeral AND e.status = 'unhealthy'
                    RETURNING e.*
                ), logged AS (
                    INSERT INTO events (actor, account_id, kind, subject_type, subject_id, details)
                    SELECT \(actor.actor), \(actor.accountID), 'endpoint.expired', 'endpoint', e.endpoint_id::text,
                           jsonb_build_object('url', e.url, 'skill_id', e.skill_id::text)
                    FROM e
                )
                SELECT \(unescaped: RegistryRows.endpointColumns) FROM e
                """,
                logger: logger
            )
            return try await RegistryRows.endpoints(rows)
        }
    }

    /// Writes the latest heartbeat time of many endpoints (and their skills) in one statement each.
    public func recordHeartbeats(_ beats: [UUID: Date]) async throws {
        guard !beats.isEmpty else { return }
        let ids = Array(beats.keys)
        let times = ids.map { beats[$0] ?? Date() }
        try await database.withConnection { connection in
            try await connection.query(
                """
                WITH beats AS (SELECT * FROM unnest(\(ids)::uuid[], \(times)::timestamptz[]) AS b(id, at)),
                     touched AS (
                        UPDATE endpoints e SET last_heartbeat = greatest(e.last_heartbeat, beats.at)
                        FROM beats WHERE e.endpoint_id = beats.id RETURNING e.skill_id, beats.at)
                UPDATE skills s SET last_heartbeat = greatest(s.last_heartbeat, latest.at)
                FROM (SELECT skill_id, max(at) AS at FROM touched GROUP BY skill_id) AS latest
                WHERE s.skill_id = latest.skill_id
                """,
                logger: logger
            )
        }
    }

    /// Endpoints with the skill each serves (what the registry cache holds):
    /// all of them, one skill's, or the given ones.
    public func routes(skillIDs: [UUID]? = nil, endpointIDs: [UUID]? = nil) async throws -> [EndpointRoute] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT e.endpoint_id, e.skill_id, s.name, s.version, s.account_id, s.visibility, s.status,
                       e.url, e.protocol, e.weight, e.status, e.ephemeral, e.last_heartbeat
                FROM endpoints e JOIN skills s ON s.skill_id = e.skill_id
                WHERE (\(skillIDs)::uuid[] IS NULL OR e.skill_id = ANY(\(skillIDs)))
                  AND (\(endpointIDs)::uuid[] IS NULL OR e.endpoint_id = ANY(\(endpointIDs)))
                """,
                logger: logger
            )
            var routes: [EndpointRoute] = []
            for try await (id, skillID, name, version, account, visibility, skillStatus, url, proto, weight, status, ephemeral, heartbeat) in rows.decode(
                (UUID, UUID, String, String, String?, String, String, String, String, Int, String, Bool, Date?).self
            ) {
                routes.append(
                    EndpointRoute(
                        endpointID: id, skillID: skillID, skillName: name, skillVersion: version, accountID: account,
                        visibility: SkillVisibility(rawValue: visibility) ?? .private, skillStatus: SkillStatus(rawValue: skillStatus) ?? .inactive,
                        url: url, protocol: EndpointProtocol(rawValue: proto) ?? .http, weight: weight,
                        status: EndpointStatus(rawValue: status) ?? .unhealthy, ephemeral: ephemeral, lastHeartbeat: heartbeat
                    )
                )
            }
            return routes
        }
    }

    private static func notFound(_ endpointID: UUID) -> SkillHubError {
        SkillHubError(.notFound, "endpoint \(endpointID.lowercasedString) not found on this skill")
    }

    private func record(_ actor: Principal, kind: String, endpoint: EndpointRecord, details: JSONValue, on connection: PostgresConnection) async throws {
        var details = details
        if case .object(var object) = details {
            object["skill_id"] = .string(endpoint.skillID.lowercasedString)
            details = .object(object)
        }
        try await EventLog.record(
            on: connection, actor: actor, accountID: actor.accountID, kind: kind,
            subjectType: "endpoint", subjectID: endpoint.endpointID.lowercasedString, details: details, logger: logger
        )
    }
}

/// An endpoint with what routing and heartbeat checks need of its skill.
public struct EndpointRoute: Sendable, Equatable {
    public var endpointID: UUID
    public var skillID: UUID
    public var skillName: String
    public var skillVersion: String
    public var accountID: String?
    public var visibility: SkillVisibility
    public var skillStatus: SkillStatus
    public var url: String
    public var `protocol`: EndpointProtocol
    public var weight: Int
    public var status: EndpointStatus
    public var ephemeral: Bool
    public var lastHeartbeat: Date?
}

extension EndpointRoute {
    /// The route of `endpoint`, one of `skill`'s endpoints.
    public init(skill: SkillRecord, endpoint: EndpointRecord) {
        self.init(
            endpointID: endpoint.endpointID, skillID: skill.skillID, skillName: skill.name, skillVersion: skill.version,
            accountID: skill.accountID, visibility: skill.visibility, skillStatus: skill.status, url: endpoint.url,
            protocol: endpoint.protocol, weight: endpoint.weight, status: endpoint.status, ephemeral: endpoint.ephemeral,
            lastHeartbeat: endpoint.lastHeartbeat
        )
    }
}
