import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Capabilities across the skills a caller may read (`GET /api/v1/capabilities`).
public struct CapabilityRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.registry")) {
        self.database = database
        self.logger = logger
    }

    public func capabilities(_ query: CapabilityQuery, access: SkillAccess) async throws -> Page<CapabilityListing> {
        let (everything, account) = SkillRepository.bindings(access)
        let status = query.status?.rawValue
        let filter: PostgresQuery = """
            FROM capabilities c JOIN skills s ON s.skill_id = c.skill_id
            WHERE (\(everything) OR s.account_id = \(account) OR s.visibility = 'public')
              AND (\(query.name)::text IS NULL OR c.name = \(query.name))
              AND (\(query.category)::text IS NULL OR c.category = \(query.category))
              AND (\(status)::text IS NULL OR c.status = \(status))
              AND (\(query.skillName)::text IS NULL OR s.name = \(query.skillName))
            """
        return try await database.withConnection { connection in
            var countQuery: PostgresQuery = "SELECT count(*)::int "
            countQuery.sql += filter.sql
            countQuery.binds = filter.binds
            let total = try await connection.query(countQuery, logger: logger).first(decoding: Int.self) ?? 0
            var pageQuery: PostgresQuery = "SELECT \(unescaped: RegistryRows.capabilityColumns), s.name, s.version "
            pageQuery.sql += filter.sql
            pageQuery.binds = filter.binds
            pageQuery.sql += " ORDER BY c.name, s.name, s.version LIMIT \(query.limit) OFFSET \(query.offset)"
            var listings: [CapabilityListing] = []
            for try await row in try await connection.query(pageQuery, logger: logger) {
                let (id, skillID, name, description, category, version, status, parameters, streaming, createdAt, updatedAt, skillName, skillVersion) =
                    try row.decode((UUID, UUID, String, String, String, String, String, String, Bool, Date, Date, String, String).self)
                listings.append(
                    CapabilityListing(
                        capability: CapabilityRecord(
                            capabilityID: id, skillID: skillID, name: name, description: description, category: category, version: version,
                            status: CapabilityStatus(rawValue: status) ?? .disabled, parameters: JSONText.value(parameters),
                            streaming: streaming, createdAt: createdAt, updatedAt: updatedAt
                        ),
                        skillName: skillName, skillVersion: skillVersion
                    )
                )
            }
            return Page(items: listings, total: total)
        }
    }
}
