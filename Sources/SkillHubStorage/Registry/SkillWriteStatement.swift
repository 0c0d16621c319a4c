import Foundation
import PostgresNIO
import SkillHubCore

/// Creating or registering a skill as one prepared statement: the skill (or,
/// when registering, an update of the caller's skill of that name and version),
/// its audit event, its endpoints merged by URL and its capabilities replaced,
/// returning the skill with all its endpoints and capabilities as JSON.
///
/// One statement is atomic without a transaction round trip, and being
/// prepared once per connection it skips PostgreSQL's parse and plan, most of
/// the database's cost of a registration. Nothing is written (no row comes back)
/// when the name and version exist and this is a create, or belong to another account.
struct SkillWriteStatement: PostgresPreparedStatement {
    typealias Row = (UUID, String?, String, String, String, String, String, String, Int?, String, String?, Date?, Date, Date, String, String)

    static let sql = query(SkillDraft(name: "", version: ""), access: .everything, actor: .root, replacing: false).sql

    let draft: SkillDraft
    let access: SkillAccess
    let actor: Principal
    let replacing: Bool

    init(draft: SkillDraft, access: SkillAccess, actor: Principal, replacing: Bool) {
        self.draft = draft
        self.access = access
        self.actor = actor
        self.replacing = replacing
    }

    func makeBindings() throws -> PostgresBindings {
        Self.query(draft, access: access, actor: actor, replacing: replacing).binds
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }

    /// The statement with its values; the SQL text is the same whatever the values.
    /// Every optional value has an explicit cast, so its type is the same whether
    /// the first execution binds a value or null.
    static func query(_ draft: SkillDraft, access: SkillAccess, actor: Principal, replacing: Bool) -> PostgresQuery {
        let everything = access == .everything
        let urls = draft.endpoints.map(\.url)
        let names = draft.capabilities.map(\.name)
        let metadata = (try? JSONText.encode(draft.metadata)) ?? "{}"
        let details = (try? JSONText.encode(["name": draft.name, "version": draft.version])) ?? "{}"
        let newKind = replacing ? "skill.registered" : "skill.created"
        return """
            WITH written AS (
                INSERT INTO skills AS s (skill_id, account_id, name, description, version, status, visibility, routing_strategy, timeout_ms, metadata, created_by)
                VALUES (coalesce(\(draft.requestedID)::uuid, gen_random_uuid()), \(access.owningAccount)::text, \(draft.name), \(draft.description), \(draft.version),
                        \(draft.status.rawValue), \(draft.visibility.rawValue), \(draft.routingStrategy.rawValue), \(draft.timeoutMilliseconds.map(Int32.init))::int,
                        \(metadata)::jsonb, \(actor.actor))
                ON CONFLICT (name, version) DO UPDATE SET description = EXCLUDED.description, status = EXCLUDED.status,
                    visibility = EXCLUDED.visibility, routing_strategy = EXCLUDED.routing_strategy, timeout_ms = EXCLUDED.timeout_ms,
                    metadata = EXCLUDED.metadata, updated_at = now()
                WHERE \(replacing)::bool AND (\(everything)::bool OR s.account_id IS NOT DISTINCT FROM EXCLUDED.account_id)
                RETURNING \(unescaped: RegistryRows.skillColumns)
            ), logged AS (
                INSERT INTO events (actor, account_id, kind, subject_type, subject_id, details)
                SELECT \(actor.actor)::text, \(actor.accountID)::text,
                       CASE WHEN created_at = updated_at THEN \(newKind)::text ELSE 'skill.reregistered' END,
                       'skill', skill_id::text, \(details)::jsonb
                FROM written
            ), merged AS (
                INSERT INTO endpoints AS e (skill_id, url, protocol, weight, ephemeral, metadata)
                SELECT w.skill_id, t.u, t.p, t.wt, t.eph, t.m::jsonb
                FROM written w,
                     unnest(\(urls)::text[], \(draft.endpoints.map(\.protocol.rawValue))::text[], \(draft.endpoints.map(\.weight))::int[],
                            \(draft.endpoints.map(\.ephemeral))::bool[], \(draft.endpoints.map { (try? JSONText.encode($0.metadata)) ?? "{}" })::text[])
                         AS t(u, p, wt, eph, m)
                ON CONFLICT (skill_id, url) DO UPDATE SET
                    protocol = EXCLUDED.protocol, weight = EXCLUDED.weight, ephemeral = EXCLUDED.ephemeral, metadata = EXCLUDED.metadata,
                    status = CASE WHEN e.status = 'unhealthy' THEN 'healthy' ELSE e.status END, updated_at = now()
                RETURNING e.*
            ), removed AS (
                DELETE FROM capabilities c USING written w WHERE c.skill_id = w.skill_id AND NOT (c.name = ANY(\(names)::text[]))
            ), kept AS (
                INSERT INTO capabilities AS c (skill_id, name, description, category, version, status, parameters, streaming, idempotent)
                SELECT w.skill_id, t.n, t.d, t.cat, t.v, t.st, t.p::jsonb, t.str, t.idem
                FROM written w,
                     unnest(\(names)::text[], \(draft.capabilities.map(\.description))::text[], \(draft.capabilities.map(\.category))::text[],
                            \(draft.capabilities.map(\.version))::text[], \(draft.capabilities.map(\.status.rawValue))::text[],
                            \(draft.capabilities.map { (try? JSONText.encode($0.parameters)) ?? "{}" })::text[], \(draft.capabilities.map(\.streaming))::bool[],
                            \(draft.capabilities.map(\.idempotent))::bool[])
                         AS t(n, d, cat, v, st, p, str, idem)
                ON CONFLICT (skill_id, name) DO UPDATE SET
                    description = EXCLUDED.description, category = EXCLUDED.category, version = EXCLUDED.version,
                    status = EXCLUDED.status, parameters = EXCLUDED.parameters, streaming = EXCLUDED.streaming,
                    idempotent = EXCLUDED.idempotent, updated_at = now()
                RETURNING c.*
            )
            SELECT written.*,
                   (SELECT coalesce(json_agg(\(unescaped: RegistryJSONRows.endpointObject("x")) ORDER BY x.created_at, x.url), '[]')
                    FROM (SELECT * FROM merged
                          UNION ALL
                          SELECT o.* FROM endpoints o WHERE o.skill_id = written.skill_id AND NOT (o.url = ANY(\(urls)::text[]))) x)::text,
                   (SELECT coalesce(json_agg(\(unescaped: RegistryJSONRows.capabilityObject("k")) ORDER BY k.name), '[]') FROM kept k)::text
            FROM written
            """
    }
}
