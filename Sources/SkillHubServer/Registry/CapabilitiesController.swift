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

    /// Filters `name`, `category`, `status`, `skill`; `page` (1) and `page_size` (20, at most 100).
    func list(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        var query = QueryParameters(request)
        let pagination = query.pagination()
        let status: CapabilityStatus? = query.choice("status")
        try query.validate()
        let result = try await registry.capabilities.capabilities(
            CapabilityQuery(
                name: query.string("name"), category: query.string("category"), status: status, skillName: query.string("skill"),
                offset: pagination.offset, limit: pagination.pageSize
            ),
            access: try context.requirePrincipal().skillAccess
        )
        return try JSONResponses.response(ProtocolResponse(data: PageBody(itemsKey: "capabilities", items: result.items, total: result.total, pagination: pagination)))
    }
}
