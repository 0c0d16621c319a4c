import Hummingbird
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// A skill's endpoints: `GET/POST /api/v1/skills/{id}/endpoints`,
/// `PUT/DELETE /api/v1/skills/{id}/endpoints/{endpoint_id}` (weight 0 drains).
struct EndpointsController: Sendable {
    let registry: SkillRegistry
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let endpoints = router.group("/api/v1/skills/:skill_id/endpoints").add(middleware: authentication)
        endpoints.get("/") { _, context in try await self.list(context) }
        endpoints.post("/") { request, context in try await self.add(request, context) }
        endpoints.put("/:endpoint_id") { request, context in try await self.update(request, context) }
        endpoints.delete("/:endpoint_id") { _, context in try await self.remove(context) }
    }

    func list(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        return try JSONResponses.response(try await registry.endpoints.endpoints(of: try context.skillID(), access: try context.requirePrincipal().skillAccess))
    }

    func add(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let skillID = try context.skillID()
        try await registry.requireChangeable(skillID, by: try context.requirePrincipal())
        let body = try await StrictJSONBody.decode(EndpointBody.self, allowedKeys: EndpointBody.keys, from: request, context: context)
        var problems: [FieldError] = []
        let draft = body.draft(problems: &problems)
        problems += draft.validate()
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        return try JSONResponses.response(try await registry.addEndpoint(draft, to: skillID, by: try context.requirePrincipal()), status: .created)
    }

    func update(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let (skillID, endpointID) = (try context.skillID(), try context.endpointID())
        try await registry.requireChangeable(skillID, by: try context.requirePrincipal())
        let body = try await StrictJSONBody.decode(EndpointUpdateBody.self, allowedKeys: EndpointUpdateBody.keys, from: request, context: context)
        let endpoint = try await registry.updateEndpoint(endpointID, of: skillID, with: try body.patch(), by: try context.requirePrincipal())
        return try JSONResponses.response(endpoint)
    }

    func remove(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        try await registry.removeEndpoint(try context.endpointID(), of: try context.skillID(), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }
}
