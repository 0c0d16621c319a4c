import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// An endpoint that opted in to active health checks (`health_check` in its metadata).
public struct ActiveCheckTarget: Sendable, Equatable {
    /// The endpoint probed.
    public var endpointID: UUID
    /// Its skill, reloaded and announced when the endpoint's health changes.
    public var skillID: UUID
    /// The endpoint's URL; the probe goes to its origin.
    public var url: String
    /// Its status when the list was read.
    public var status: EndpointStatus
    /// Its check, decoded from `metadata.health_check`.
    public var check: ActiveHealthCheck

    /// A target as listed by ``ActiveCheckTargets/all()``.
    public init(endpointID: UUID, skillID: UUID, url: String, status: EndpointStatus, check: ActiveHealthCheck) {
        self.endpointID = endpointID
        self.skillID = skillID
        self.url = url
        self.status = status
        self.check = check
    }
}

/// Lists the endpoints to probe: remote (`http`, `https`), not disabled, with a valid `health_check`.
public struct ActiveCheckTargets: Sendable {
    /// At most this many endpoints are probed.
    public static let limit = 10_000

    private let database: Database
    private let logger: Logger

    /// The lister over `database`.
    public init(database: Database, logger: Logger = Logger(label: "skillhub.registry")) {
        self.database = database
        self.logger = logger
    }

    /// Every endpoint with an active check, one query; a check that does not decode or validate is skipped.
    public func all() async throws -> [ActiveCheckTarget] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT e.endpoint_id, e.skill_id, e.url, e.status, (e.metadata -> 'health_check')::text
                FROM endpoints e
                WHERE e.metadata ? 'health_check' AND e.status <> 'disabled' AND e.protocol IN ('http', 'https')
                ORDER BY e.endpoint_id LIMIT \(Self.limit)
                """,
                logger: logger
            )
            var targets: [ActiveCheckTarget] = []
            let decoder = JSONDecoder()
            for try await (id, skillID, url, status, text) in rows.decode((UUID, UUID, String, String, String).self) {
                guard let check = try? decoder.decode(ActiveHealthCheck.self, from: Data(text.utf8)), check.problems().isEmpty,
                    let status = EndpointStatus(rawValue: status)
                else { continue }
                targets.append(ActiveCheckTarget(endpointID: id, skillID: skillID, url: url, status: status, check: check))
            }
            return targets
        }
    }
}
