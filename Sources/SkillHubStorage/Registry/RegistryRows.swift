import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// The column lists and row decoding shared by the registry repositories.
enum RegistryRows {
    static let skillColumns = """
        s.skill_id, s.account_id, s.name, s.description, s.version, s.status, s.visibility, s.routing_strategy,
        s.timeout_ms, s.metadata::text, s.created_by, s.last_heartbeat, s.created_at, s.updated_at
        """
    static let endpointColumns = """
        e.endpoint_id, e.skill_id, e.url, e.protocol, e.weight, e.status, e.ephemeral, e.metadata::text,
        e.last_heartbeat, e.created_at, e.updated_at
        """
    static let capabilityColumns = """
        c.capability_id, c.skill_id, c.name, c.description, c.category, c.version, c.status, c.parameters::text,
        c.streaming, c.idempotent, c.created_at, c.updated_at
        """

    /// The columns of ``skillColumns``, decoded.
    typealias SkillColumns = (UUID, String?, String, String, String, String, String, String, Int?, String, String?, Date?, Date, Date)

    static func skills(_ rows: PostgresRowSequence) async throws -> [SkillRecord] {
        var skills: [SkillRecord] = []
        for try await row in rows {
            skills.append(skill(try row.decode(SkillColumns.self)))
        }
        return skills
    }

    static func skill(_ columns: SkillColumns) -> SkillRecord {
        let (id, account, name, description, version, status, visibility, strategy, timeout, metadata, createdBy, heartbeat, createdAt, updatedAt) = columns
        return SkillRecord(
            skillID: id, accountID: account, name: name, description: description, version: version,
            status: SkillStatus(rawValue: status) ?? .inactive,
            visibility: SkillVisibility(rawValue: visibility) ?? .private,
            routingStrategy: RoutingStrategy(rawValue: strategy) ?? .weightedRoundRobin,
            timeoutMilliseconds: timeout, metadata: JSONText.object(metadata), createdBy: createdBy,
            lastHeartbeat: heartbeat, createdAt: createdAt, updatedAt: updatedAt, endpoints: [], capabilities: []
        )
    }

    static func endpoints(_ rows: PostgresRowSequence) async throws -> [EndpointRecord] {
        var endpoints: [EndpointRecord] = []
        for try await row in rows {
            let (id, skillID, url, proto, weight, status, ephemeral, metadata, heartbeat, createdAt, updatedAt) =
                try row.decode((UUID, UUID, String, String, Int, String, Bool, String, Date?, Date, Date).self)
            endpoints.append(
                EndpointRecord(
                    endpointID: id, skillID: skillID, url: url, protocol: EndpointProtocol(rawValue: proto) ?? .http,
                    weight: weight, status: EndpointStatus(rawValue: status) ?? .unhealthy, ephemeral: ephemeral,
                    metadata: JSONText.object(metadata), lastHeartbeat: heartbeat, createdAt: createdAt, updatedAt: updatedAt
                )
            )
        }
        return endpoints
    }

    static func capabilities(_ rows: PostgresRowSequence) async throws -> [CapabilityRecord] {
        var capabilities: [CapabilityRecord] = []
        for try await row in rows {
            let (id, skillID, name, description, category, version, status, parameters, streaming, idempotent, createdAt, updatedAt) =
                try row.decode((UUID, UUID, String, String, String, String, String, String, Bool, Bool, Date, Date).self)
            capabilities.append(
                CapabilityRecord(
                    capabilityID: id, skillID: skillID, name: name, description: description, category: category,
                    version: version, status: CapabilityStatus(rawValue: status) ?? .disabled,
                    parameters: JSONText.value(parameters), streaming: streaming, idempotent: idempotent, createdAt: createdAt, updatedAt: updatedAt
                )
            )
        }
        return capabilities
    }

    /// The number of rows `filter` (a `FROM … WHERE …` clause) matches, and one page of them.
    static func page(
        _ columns: String, _ filter: PostgresQuery, orderBy: String, limit: Int, offset: Int,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> (total: Int, rows: PostgresRowSequence) {
        var count: PostgresQuery = "SELECT count(*)::int "
        count.sql += filter.sql
        count.binds = filter.binds
        let total = try await connection.query(count, logger: logger).first(decoding: Int.self) ?? 0
        var page: PostgresQuery = "SELECT \(unescaped: columns) "
        page.sql += filter.sql
        page.binds = filter.binds
        page.sql += " ORDER BY \(orderBy) LIMIT \(limit) OFFSET \(offset)"
        return (total, try await connection.query(page, logger: logger))
    }

    /// `skills` with their endpoints and capabilities attached (two queries for any number of skills).
    static func withChildren(_ skills: [SkillRecord], on connection: PostgresConnection, logger: Logger) async throws -> [SkillRecord] {
        guard !skills.isEmpty else { return [] }
        let ids = skills.map(\.skillID)
        let endpoints = try await Self.endpoints(
            connection.query("SELECT \(unescaped: endpointColumns) FROM endpoints e WHERE e.skill_id = ANY(\(ids)) ORDER BY e.created_at, e.url", logger: logger)
        )
        let capabilities = try await Self.capabilities(
            connection.query("SELECT \(unescaped: capabilityColumns) FROM capabilities c WHERE c.skill_id = ANY(\(ids)) ORDER BY c.name", logger: logger)
        )
        let endpointsBySkill = Dictionary(grouping: endpoints, by: \.skillID)
        let capabilitiesBySkill = Dictionary(grouping: capabilities, by: \.skillID)
        return skills.map { skill in
            var skill = skill
            skill.endpoints = endpointsBySkill[skill.skillID] ?? []
            skill.capabilities = capabilitiesBySkill[skill.skillID] ?? []
            return skill
        }
    }
}
