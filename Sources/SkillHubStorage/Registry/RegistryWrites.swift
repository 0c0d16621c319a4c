import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Batched writes of a skill's endpoints and capabilities (one statement each, whatever the count).
enum RegistryWrites {
    /// Inserts endpoints, or updates those whose URL the skill already has;
    /// an unhealthy endpoint registered again is healthy again.
    static func upsertEndpoints(_ endpoints: [EndpointDraft], skillID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        guard !endpoints.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO endpoints (skill_id, url, protocol, weight, ephemeral, metadata)
            SELECT \(skillID), u, p, w, e, m::jsonb
            FROM unnest(\(endpoints.map(\.url))::text[], \(endpoints.map(\.protocol.rawValue))::text[], \(endpoints.map(\.weight))::int[],
                        \(endpoints.map(\.ephemeral))::bool[], \(try endpoints.map { try JSONText.encode($0.metadata) })::text[]) AS t(u, p, w, e, m)
            ON CONFLICT (skill_id, url) DO UPDATE SET
                protocol = EXCLUDED.protocol, weight = EXCLUDED.weight, ephemeral = EXCLUDED.ephemeral, metadata = EXCLUDED.metadata,
                status = CASE WHEN endpoints.status = 'unhealthy' THEN 'healthy' ELSE endpoints.status END, updated_at = now()
            """,
            logger: logger
        )
    }

    /// Makes the skill's capabilities exactly `capabilities` (kept by name, so their ids survive).
    static func replaceCapabilities(_ capabilities: [CapabilityDraft], skillID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM capabilities WHERE skill_id = \(skillID) AND NOT (name = ANY(\(capabilities.map(\.name))))",
            logger: logger
        )
        guard !capabilities.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO capabilities (skill_id, name, description, category, version, status, parameters, streaming)
            SELECT \(skillID), n, d, c, v, s, p::jsonb, st
            FROM unnest(\(capabilities.map(\.name))::text[], \(capabilities.map(\.description))::text[], \(capabilities.map(\.category))::text[],
                        \(capabilities.map(\.version))::text[], \(capabilities.map(\.status.rawValue))::text[],
                        \(try capabilities.map { try JSONText.encode($0.parameters) })::text[], \(capabilities.map(\.streaming))::bool[]) AS t(n, d, c, v, s, p, st)
            ON CONFLICT (skill_id, name) DO UPDATE SET
                description = EXCLUDED.description, category = EXCLUDED.category, version = EXCLUDED.version,
                status = EXCLUDED.status, parameters = EXCLUDED.parameters, streaming = EXCLUDED.streaming, updated_at = now()
            """,
            logger: logger
        )
    }
}
