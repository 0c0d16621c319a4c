import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Batched writes of a skill's endpoints and capabilities (one statement each, whatever the count).
enum RegistryWrites {
    /// Inserts endpoints, or updates those whose URL the skill already has (an
    /// unhealthy endpoint registered again is healthy again); returns all the
    /// skill's endpoints, the others included.
    @discardableResult
    static func mergeEndpoints(_ endpoints: [EndpointDraft], skillID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [EndpointRecord] {
        let rows = try await connection.query(
            """
            WITH merged AS (
                INSERT INTO endpoints AS e (skill_id, url, protocol, weight, ephemeral, metadata)
                SELECT \(skillID), u, p, w, eph, m::jsonb
                FROM unnest(\(endpoints.map(\.url))::text[], \(endpoints.map(\.protocol.rawValue))::text[], \(endpoints.map(\.weight))::int[],
                            \(endpoints.map(\.ephemeral))::bool[], \(endpoints.map { JSONText.encode($0.metadata) })::text[]) AS t(u, p, w, eph, m)
                ON CONFLICT (skill_id, url) DO UPDATE SET
                    protocol = EXCLUDED.protocol, weight = EXCLUDED.weight, ephemeral = EXCLUDED.ephemeral, metadata = EXCLUDED.metadata,
                    status = CASE WHEN e.status = 'unhealthy' THEN 'healthy' ELSE e.status END, updated_at = now()
                RETURNING \(unescaped: RegistryRows.endpointColumns)
            )
            SELECT * FROM merged
            UNION ALL
            SELECT \(unescaped: RegistryRows.endpointColumns) FROM endpoints e
            WHERE e.skill_id = \(skillID) AND NOT (e.url = ANY(\(endpoints.map(\.url))))
            """,
            logger: logger
        )
        return try await RegistryRows.endpoints(rows).sorted { ($0.createdAt, $0.url) < ($1.createdAt, $1.url) }
    }

    /// Makes the skill's capabilities exactly `capabilities` (kept by name, so their ids survive); returns them.
    @discardableResult
    static func replaceCapabilities(_ capabilities: [CapabilityDraft], skillID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [CapabilityRecord] {
        let rows = try await connection.query(
            """
            WITH removed AS (
                DELETE FROM capabilities WHERE skill_id = \(skillID) AND NOT (name = ANY(\(capabilities.map(\.name))))
            )
            INSERT INTO capabilities AS c (skill_id, name, description, category, version, status, parameters, streaming, idempotent)
            SELECT \(skillID), n, d, cat, v, st, p::jsonb, str, idem
            FROM unnest(\(capabilities.map(\.name))::text[], \(capabilities.map(\.description))::text[], \(capabilities.map(\.category))::text[],
                        \(capabilities.map(\.version))::text[], \(capabilities.map(\.status.rawValue))::text[],
                        \(capabilities.map { JSONText.encode($0.parameters) })::text[], \(capabilities.map(\.streaming))::bool[],
                        \(capabilities.map(\.idempotent))::bool[]) AS t(n, d, cat, v, st, p, str, idem)
            ON CONFLICT (skill_id, name) DO UPDATE SET
                description = EXCLUDED.description, category = EXCLUDED.category, version = EXCLUDED.version,
                status = EXCLUDED.status, parameters = EXCLUDED.parameters, streaming = EXCLUDED.streaming,
                idempotent = EXCLUDED.idempotent, updated_at = now()
            RETURNING \(unescaped: RegistryRows.capabilityColumns)
            """,
            logger: logger
        )
        return try await RegistryRows.capabilities(rows).sorted { $0.name < $1.name }
    }
}
