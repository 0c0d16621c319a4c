import Foundation
import Hummingbird
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// The Ooder v0.6 spec routes: register, unregister, discover, status.
/// Successes come in the spec's `{code, message, data}` envelope.
struct SkillProtocolController: Sendable {
    let registry: SkillRegistry
    let statistics: SkillStatistics
    let authentication: AuthenticationMiddleware
    /// The strategy of a skill registered without one (`LOAD_BALANCE_STRATEGY`).
    var defaultStrategy: RoutingStrategy = .weightedRoundRobin

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let skills = router.group("/api/v1/skills").add(middleware: authentication)
        skills.post("/register") { request, context in try await self.register(request, context) }
        skills.post("/:skill_id/unregister") { _, context in try await self.unregister(context) }
        skills.get("/discover") { request, context in try await self.discover(request, context) }
        skills.get("/:skill_id/status") { _, context in try await self.status(context) }
        skills.put("/:skill_id/status") { request, context in try await self.setStatus(request, context) }
    }

    struct Registered: Encodable {
        var skillID: UUID
        var status: String
        var created: Bool
        var registeredAt: Date
        var endpoints: [EndpointRecord]
        var heartbeatInterval: Double

        enum CodingKeys: String, CodingKey {
            case skillID = "skill_id"
            case status, created, endpoints
            case registeredAt = "registered_at"
            case heartbeatInterval = "heartbeat_interval"
        }
    }

    /// Creates the skill or updates the one with the same name and version (201 or 200).
    func register(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let body = try await StrictJSONBody.decode(SkillBody.self, allowedKeys: SkillBody.keys, nestedKeys: SkillBody.nestedKeys, from: request, context: context)
        let (skill, created) = try await registry.register(try body.draft(defaultStrategy: defaultStrategy), by: try context.requirePrincipal())
        let data = Registered(
            skillID: skill.skillID, status: "registered", created: created, registeredAt: skill.updatedAt,
            endpoints: skill.endpoints, heartbeatInterval: registry.policy.interval.inSeconds
        )
        return try JSONResponses.response(ProtocolResponse(message: created ? "skill registered" : "skill updated", data: data), status: created ? .created : .ok)
    }

    struct Unregistered: Encodable {
        var skillID: UUID
        var status = "unregistered"
        var unregisteredAt: Date

        enum CodingKeys: String, CodingKey {
            case skillID = "skill_id"
            case status
            case unregisteredAt = "unregistered_at"
        }
    }

    /// Removes the skill, its endpoints and capabilities.
    func unregister(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let skill = try await registry.delete(try context.skillID(), by: try context.requirePrincipal(), kind: "skill.unregistered")
        return try JSONResponses.response(ProtocolResponse(message: "skill unregistered", data: Unregistered(skillID: skill.skillID, unregisteredAt: Date())))
    }

    /// Skills by `name`, `status`, `capability`, `category`; `page` (1) and `page_size` (20, at most 100).
    func discover(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        var query = QueryParameters(request)
        let pagination = query.pagination()
        let status: SkillStatus? = query.choice("status")
        try query.validate()
        let result = try await registry.skills.skills(
            SkillQuery(
                name: query.string("name"), status: status, capability: query.string("capability"), category: query.string("category"),
                offset: pagination.offset, limit: pagination.pageSize
            ),
            access: try context.requirePrincipal().skillAccess
        )
        return try JSONResponses.response(ProtocolResponse(data: PageBody(itemsKey: "skills", items: result.items, total: result.total, pagination: pagination)))
    }

    func status(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        let skill = try await registry.skills.skill(try context.skillID(), access: try context.requirePrincipal().skillAccess)
        return try JSONResponses.response(ProtocolResponse(data: try await statusReport(skill)))
    }

    func setStatus(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsWrite)
        let skillID = try context.skillID()
        try await registry.requireChangeable(skillID, by: try context.requirePrincipal())
        let body = try await StrictJSONBody.decode(SkillStatusBody.self, allowedKeys: SkillStatusBody.keys, from: request, context: context)
        var patch = SkillPatch()
        patch.status = try body.validated()
        let skill = try await registry.update(skillID, with: patch, by: try context.requirePrincipal())
        return try JSONResponses.response(ProtocolResponse(message: "status updated", data: try await statusReport(skill)))
    }

    private func statusReport(_ skill: SkillRecord) async throws -> SkillStatusReport {
        SkillStatusReport(skill: skill, counters: try await statistics.counters(of: skill.skillID), now: Date())
    }
}
