import Foundation
import Hummingbird
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// The seed-004 reference routes: `POST/GET /api/v1/skills/`,
/// `GET/PUT/DELETE /api/v1/skills/{skill_id}`.
struct SkillsController: Sendable {
    let registry: SkillRegistry
    let authentication: AuthenticationMiddleware
    /// The strategy of a skill created without one (`LOAD_BALANCE_STRATEGY`).
    var defaultStrategy: RoutingStrategy = .weightedRoundRobin

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let skills = router.group("/api/v1/skills").add(middleware: authentication)
        skills.post("/") { request, context in try await self.create(request, context) }
        skills.get("/") { request, context in try await self.list(request, context) }
        skills.get("/:skill_id") { _, context in try await self.show(context) }
        skills.put("/:skill_id") { request, context in try await self.update(request, context) }
        skills.delete("/:skill_id") { _, context in try await self.delete(context) }
    }

    func create(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let body = try await StrictJSONBody.decode(SkillBody.self, allowedKeys: SkillBody.keys, nestedKeys: SkillBody.nestedKeys, from: request, context: context)
        let skill = try await registry.create(try body.draft(defaultStrategy: defaultStrategy), by: try context.requirePrincipal())
        return try JSONResponses.response(skill, status: .created)
    }

    /// The skills the caller may read, newest first: `skip` (0) and `limit` (100, at most 1000).
    func list(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        var query = QueryParameters(request)
        let skip = query.integer("skip", default: 0, in: 0...1_000_000)
        let limit = query.integer("limit", default: 100, in: 1...1000)
        try query.validate()
        let page = try await registry.skills.skills(SkillQuery(offset: skip, limit: limit), access: try context.requirePrincipal().skillAccess)
        return try JSONResponses.response(page.items)
    }

    func show(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        return try JSONResponses.response(try await registry.skills.skill(try context.skillID(), access: try context.requirePrincipal().skillAccess))
    }

    func update(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let skillID = try context.skillID()
        let body = try await StrictJSONBody.decode(SkillUpdateBody.self, allowedKeys: SkillUpdateBody.keys, nestedKeys: SkillUpdateBody.nestedKeys, from: request, context: context)
        return try JSONResponses.response(try await registry.update(skillID, with: try body.patch(), by: try context.requirePrincipal()))
    }

    func delete(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        try await registry.delete(try context.skillID(), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }
}
