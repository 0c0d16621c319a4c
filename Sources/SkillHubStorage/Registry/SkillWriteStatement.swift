import Foundation
import PostgresNIO
import SkillHubCore

/// Creating or registering skills as one prepared statement, however many:
/// each skill (or, when registering, an update of the caller's skill of that
/// name and version), its audit event, its endpoints merged by URL and its
/// capabilities replaced, returning each skill written with all its endpoints
/// and capabilities as JSON.
///
/// One statement is atomic without a transaction round trip, and being
/// prepared once per connection it skips PostgreSQL's parse and plan. Writing
/// many skills at once (see ``SkillWriteQueue``) shares the statement's fixed
/// cost among them. Nothing is written for a skill (no row comes back for it)
/// when its name and version exist and it is a create, or belong to another
/// account. The skills of one statement must differ in name or version.
struct SkillWriteStatement: PostgresPreparedStatement {
    /// The skill's columns (``RegistryRows/skillColumns``), then its endpoints and capabilities as JSON arrays.
    typealias Row = (UUID, String?, String, String, String, String, String, String, Int?, String, String?, Date?, Date, Date, String, String)

    /// One skill to write, and on whose behalf.
    struct Item: Sendable {
        var draft: SkillDraft
        var access: SkillAccess
        var actor: Principal
        /// Register (create or update) rather than create.
        var replacing: Bool
    }

    static let sql = query([]).sql

    let items: [Item]

    func makeBindings() throws -> PostgresBindings {
        Self.query(items).binds
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }

    /// The statement with its values; the SQL text is the same whatever the
    /// values. Absent values travel as sentinels (`''`, `-1`) turned back into
    /// null, as arrays of optionals cannot be bound.
    static func query(_ items: [Item]) -> PostgresQuery {
        let endpoints = items.enumerated().flatMap { index, item in item.draft.endpoints.map { (index, $0) } }
        let capabilities = items.enumerated().flatMap { index, item in item.draft.capabilities.map { (index, $0) } }
        return """
            WITH items AS (
                SELECT * FROM unnest(
                    \(items.indices.map(Int32.init))::int[], \(items.map { $0.draft.requestedID?.lowercasedString ?? "" })::text[],
                    \(items.map { $0.access.owningAccount ?? "" })::text[], \(items.map(\.draft.name))::text[],
                    \(items.map(\.draft.description))::text[], \(items.map(\.draft.version))::text[],
                    \(items.map(\.draft.status.rawValue))::text[], \(items.map(\.draft.visibility.rawValue))::text[],
                    \(items.map(\.draft.routingStrategy.rawValue))::text[], \(items.map { Int32($0.draft.timeoutMilliseconds ?? -1) })::int[],
                    \(items.map { JSONText.encode($0.draft.metadata) })::text[], \(items.map(\.actor.actor))::text[],
                    \(items.map { $0.actor.accountID ?? "" })::text[], \(items.map(\.replacing))::bool[], \(items.map { $0.access == .everything })::bool[],
                    \(items.map { JSONText.encode(["name": .string($0.draft.name), "version": .string($0.draft.version)]) })::text[]
                ) AS t(ord, requested_id, account_id, name, description, version, status, visibility, routing_strategy, timeout_ms,
                       metadata, actor, actor_account, replacing, everything, details)
            ), endpoint_input AS (
                SELECT * FROM unnest(
                    \(endpoints.map { Int32($0.0) })::int[], \(endpoints.map(\.1.url))::text[], \(endpoints.map(\.1.protocol.rawValue))::text[],
                    \(endpoints.map(\.1.weight))::int[], \(endpoints.map(\.1.ephemeral))::bool[],
                    \(endpoints.map { JSONText.encode($0.1.metadata) })::text[]
                ) AS t(ord, url, protocol, weight, ephemeral, metadata)
            ), capability_input AS (
                SELECT * FROM unnest(
                    \(capabilities.map { Int32($0.0) })::int[], \(capabilities.map(\.1.name))::text[], \(capabilities.map(\.1.description))::text[],
                    \(capabilities.map(\.1.category))::text[], \(capabilities.map(\.1.version))::text[], \(capabilities.map(\.1.status.rawValue))::text[],
                    \(capabilities.map { JSONText.encode($0.1.parameters) })::text[], \(capabilities.map(\.1.streaming))::bool[],
                    \(capabilities.map(\.1.idempotent))::bool[]
                ) AS t(ord, name, description, category, version, status, parameters, streaming, idempotent)
            ), written AS (
                INSERT INTO skills AS s (skill_id, account_id, name, description, version, status, visibility, routing_strategy, timeout_ms, metadata, created_by)
                SELECT coalesce(nullif(i.requested_id, '')::uuid, gen_random_uuid()), nullif(i.account_id, ''), i.name, i.description, i.version,
                       i.status, i.visibility, i.routing_strategy, nullif(i.timeout_ms, -1), i.metadata::jsonb, i.actor
                FROM items i ORDER BY i.name, i.version  -- rows locked in one order by every batch: no deadlock between them
                ON CONFLICT (name, version) DO UPDATE SET description = EXCLUDED.description, status = EXCLUDED.status,
                    visibility = EXCLUDED.visibility, routing_strategy = EXCLUDED.routing_strategy, timeout_ms = EXCLUDED.timeout_ms,
                    metadata = EXCLUDED.metadata, updated_at = now()
                WHERE EXISTS (
                    SELECT 1 FROM items i WHERE i.name = EXCLUDED.name AND i.version = EXCLUDED.version
                    AND i.replacing AND (i.everything OR s.account_id IS NOT DISTINCT FROM EXCLUDED.account_id))
                RETURNING \(unescaped: RegistryRows.skillColumns)
            ), targets AS (
                SELECT w.skill_id, w.created_at = w.updated_at AS is_new, i.* FROM written w JOIN items i ON i.name = w.name AND i.version = w.version
            ), logged AS (
                INSERT INTO events (actor, account_id, kind, subject_type, subject_id, details)
                SELECT t.actor, nullif(t.actor_account, ''),
                       CASE WHEN NOT t.is_new THEN 'skill.reregistered' WHEN t.replacing THEN 'skill.registered' ELSE 'skill.created' END,
                       'skill', t.skill_id::text, t.details::jsonb
                FROM targets t
            ), merged AS (
                INSERT INTO endpoints AS e (skill_id, url, protocol, weight, ephemeral, metadata)
                SELECT t.skill_id, ei.url, ei.protocol, ei.weight, ei.ephemeral, ei.metadata::jsonb
                FROM targets t JOIN endpoint_input ei ON ei.ord = t.ord ORDER BY t.name, t.version, ei.url
                ON CONFLICT (skill_id, url) DO UPDATE SET
                    protocol = EXCLUDED.protocol, weight = EXCLUDED.weight, ephemeral = EXCLUDED.ephemeral, metadata = EXCLUDED.metadata,
                    status = CASE WHEN e.status = 'unhealthy' THEN 'healthy' ELSE e.status END, updated_at = now()
                RETURNING e.*
            ), removed AS (
                DELETE FROM capabilities c USING targets t
                WHERE c.skill_id = t.skill_id AND NOT EXISTS (SELECT 1 FROM capability_input ci WHERE ci.ord = t.ord AND ci.name = c.name)
            ), kept AS (
                INSERT INTO capabilities AS c (skill_id, name, description, category, version, status, parameters, streaming, idempotent)
                SELECT t.skill_id, ci.name, ci.description, ci.category, ci.version, ci.status, ci.parameters::jsonb, ci.streaming, ci.idempotent
                FROM targets t JOIN capability_input ci ON ci.ord = t.ord ORDER BY t.name, t.version, ci.name
                ON CONFLICT (skill_id, name) DO UPDATE SET
                    description = EXCLUDED.description, category = EXCLUDED.category, version = EXCLUDED.version,
                    status = EXCLUDED.status, parameters = EXCLUDED.parameters, streaming = EXCLUDED.streaming,
                    idempotent = EXCLUDED.idempotent, updated_at = now()
                RETURNING c.*
            )
            SELECT w.*,
                   (SELECT coalesce(json_agg(\(unescaped: RegistryJSONRows.endpointObject("x")) ORDER BY x.created_at, x.url), '[]')
                    FROM (SELECT * FROM merged m WHERE m.skill_id = w.skill_id
                          UNION ALL
                          SELECT o.* FROM endpoints o
                          WHERE o.skill_id = w.skill_id AND NOT EXISTS (SELECT 1 FROM endpoint_input ei WHERE ei.ord = t.ord AND ei.url = o.url)) x)::text,
                   (SELECT coalesce(json_agg(\(unescaped: RegistryJSONRows.capabilityObject("k")) ORDER BY k.name), '[]') FROM kept k WHERE k.skill_id = w.skill_id)::text
            FROM written w JOIN targets t ON t.skill_id = w.skill_id
            """
    }
}
