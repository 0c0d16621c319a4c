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
            let (total, rows) = try await RegistryRows.page(
                RegistryRows.capabilityColumns, filter, orderBy: "c.name, s.name, s.version", limit: query.limit, offset: query.offset,
                on: connection, logger: logger
            )
            let capabilities = try await RegistryRows.capabilities(rows)
            let skillRows = try await connection.query(
                "SELECT skill_id, name, version FROM skills WHERE skill_id = ANY(\(Array(Set(capabilities.map(\.skillID)))))",
                logger: logger
            )
            var skills: [UUID: (name: String, version: String)] = [:]
            for try await (id, name, version) in skillRows.decode((UUID, String, String).self) { skills[id] = (name, version) }
            let listings = capabilities.map { capability in
                CapabilityListing(capability: capability, skillName: skills[capability.skillID]?.name ?? "", skillVersion: skills[capability.skillID]?.version ?? "")
            }
            return Page(items: listings, total: total)
        }
    }
}
