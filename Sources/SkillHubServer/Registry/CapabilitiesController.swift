import Hummingbird
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// `GET /api/v1/capabilities`: capabilities of the skills the caller may read.
struct CapabilitiesController: Sendable {
    let registry: SkillRegistry
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/api/v1/capabilities").add(middleware: authentication).get("/") { request, context in
            try await self.list(request, context)
        }
    }

    struct Listed: Encodable {
        var capabilities: [CapabilityListing]
        var total: Int
        var page: Int
        var pageSize: Int

        enum CodingKeys: String, CodingKey {
            case capabilities, total, page
            case pageSize = "page_size"
        }
    }

    /// Filters `name`, `category`, `status`, `skill`; `page` (1) and `page_size` (20, at most 100).
    func list(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        var query = QueryParameters(request)
        let page = query.integer("page", default: 1, in: 1...100_000)
        let pageSize = query.integer("page_size", default: 20, in: 1...100)
        let status: CapabilityStatus? = query.choice("status")
        try query.validate()
        let result = try await registry.capabilities.capabilities(
            CapabilityQuery(
                name: query.string("name"), category: query.string("category"), status: status, skillName: query.string("skill"),
                offset: (page - 1) * pageSize, limit: pageSize
            ),
            access: try context.requirePrincipal().skillAccess
        )
        return try JSONResponses.response(ProtocolResponse(data: Listed(capabilities: result.items, total: result.total, page: page, pageSize: pageSize)))
    }
}
