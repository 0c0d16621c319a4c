import Foundation
import Hummingbird
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// Heartbeats: one endpoint, every endpoint of a skill, or a batch of many
/// endpoints. Each may carry a status and load figures.
struct HeartbeatsController: Sendable {
    let registry: SkillRegistry
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let group = router.group("/api/v1").add(middleware: authentication)
        group.post("/skills/:skill_id/heartbeat") { request, context in try await self.skillHeartbeat(request, context) }
        group.post("/skills/:skill_id/endpoints/:endpoint_id/heartbeat") { request, context in try await self.endpointHeartbeat(request, context) }
        group.post("/heartbeats") { request, context in try await self.batch(request, context) }
    }

    struct Beat: Encodable {
        var endpointID: UUID
        var status: EndpointStatus

        enum CodingKeys: String, CodingKey {
            case endpointID = "endpoint_id"
            case status
        }
    }

    struct SkillBeat: Encodable {
        var skillID: UUID
        var endpoints: [Beat]
        var nextHeartbeatIn: Double

        enum CodingKeys: String, CodingKey {
            case skillID = "skill_id"
            case endpoints
            case nextHeartbeatIn = "next_heartbeat_in"
        }
    }

    /// Beats for every endpoint of the skill (plugin endpoints are kept alive by the host).
    func skillHeartbeat(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsHeartbeat)
        let principal = try context.requirePrincipal()
        let skillID = try context.skillID()
        let report = try await StrictJSONBody.decodeIfPresent(HeartbeatReportBody.self, allowedKeys: HeartbeatReportBody.keys, from: request, context: context)
        var problems: [FieldError] = []
        let template = report?.heartbeat(for: skillID, problems: &problems) ?? Heartbeat(endpointID: skillID)
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        let endpointIDs = try await endpointIDs(ofSkill: skillID, for: principal)
        let beats = endpointIDs.map { endpointID in
            var beat = template
            beat.endpointID = endpointID
            return beat
        }
        let outcomes = try await registry.heartbeats.accept(beats, from: principal)
        let accepted = zip(beats, outcomes).compactMap { beat, outcome -> Beat? in
            guard case .accepted(let status) = outcome else { return nil }
            return Beat(endpointID: beat.endpointID, status: status)
        }
        return try JSONResponses.response(ProtocolResponse(message: "heartbeat recorded", data: SkillBeat(skillID: skillID, endpoints: accepted, nextHeartbeatIn: intervalSeconds)))
    }

    struct EndpointBeat: Encodable {
        var endpointID: UUID
        var skillID: UUID
        var status: EndpointStatus
        var nextHeartbeatIn: Double

        enum CodingKeys: String, CodingKey {
            case endpointID = "endpoint_id"
            case skillID = "skill_id"
            case status
            case nextHeartbeatIn = "next_heartbeat_in"
        }
    }

    func endpointHeartbeat(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsHeartbeat)
        let (skillID, endpointID) = (try context.skillID(), try context.endpointID())
        let report = try await StrictJSONBody.decodeIfPresent(HeartbeatReportBody.self, allowedKeys: HeartbeatReportBody.keys, from: request, context: context)
        var problems: [FieldError] = []
        let beat = report?.heartbeat(for: endpointID, problems: &problems) ?? Heartbeat(endpointID: endpointID)
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        if let route = registry.cache.route(for: endpointID), route.skillID != skillID { throw Self.unknown(endpointID) }
        let outcome = try await registry.heartbeats.accept([beat], from: try context.requirePrincipal()).first
        switch outcome {
        case .accepted(let status):
            let data = EndpointBeat(endpointID: endpointID, skillID: skillID, status: status, nextHeartbeatIn: intervalSeconds)
            return try JSONResponses.response(ProtocolResponse(message: "heartbeat recorded", data: data))
        case .forbidden:
            throw SkillHubError(.forbidden, "endpoint \(endpointID.lowercasedString) belongs to another account's skill")
        case .unknownEndpoint, nil:
            throw Self.unknown(endpointID)
        }
    }

    struct Rejected: Encodable {
        var endpointID: UUID
        var code: Int
        var message: String

        enum CodingKeys: String, CodingKey {
            case endpointID = "endpoint_id"
            case code, message
        }
    }

    struct BatchResult: Encodable {
        var accepted: Int
        var rejected: [Rejected]
        var nextHeartbeatIn: Double

        enum CodingKeys: String, CodingKey {
            case accepted, rejected
            case nextHeartbeatIn = "next_heartbeat_in"
        }
    }

    /// Many endpoints in one request; unknown or foreign endpoints are listed as rejected, the rest recorded.
    func batch(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsHeartbeat)
        let body = try await StrictJSONBody.decode(HeartbeatBatchBody.self, allowedKeys: HeartbeatBatchBody.keys, nestedKeys: HeartbeatBatchBody.nestedKeys, from: request, context: context)
        let beats = try body.validated()
        let outcomes = try await registry.heartbeats.accept(beats, from: try context.requirePrincipal())
        var result = BatchResult(accepted: 0, rejected: [], nextHeartbeatIn: intervalSeconds)
        for (beat, outcome) in zip(beats, outcomes) {
            switch outcome {
            case .accepted:
                result.accepted += 1
            case .unknownEndpoint:
                result.rejected.append(Rejected(endpointID: beat.endpointID, code: ErrorCode.notFound.rawValue, message: "unknown endpoint; register again"))
            case .forbidden:
                result.rejected.append(Rejected(endpointID: beat.endpointID, code: ErrorCode.forbidden.rawValue, message: "endpoint of another account's skill"))
            }
        }
        return try JSONResponses.response(ProtocolResponse(message: "heartbeats recorded", data: result))
    }

    /// The skill's endpoints from the registry cache (PostgreSQL only when the
    /// cache has none, e.g. a skill without endpoints), once the caller may change the skill.
    private func endpointIDs(ofSkill skillID: UUID, for principal: Principal) async throws -> [UUID] {
        let access = principal.skillAccess
        let routes = registry.cache.routes(ofSkill: skillID)
        let owner: String?
        let endpointIDs: [UUID]
        if let route = routes.first {
            guard access.canRead(owner: route.accountID, visibility: route.visibility) else { throw SkillHubError(.skillNotFound, "skill \(skillID.lowercasedString) not found") }
            (owner, endpointIDs) = (route.accountID, routes.map(\.endpointID))
        } else {
            let skill = try await registry.skills.skill(skillID, access: access)
            (owner, endpointIDs) = (skill.accountID, skill.endpoints.map(\.endpointID))
        }
        guard access.canWrite(owner: owner) else {
            throw SkillHubError(.forbidden, "skill \(skillID.lowercasedString) belongs to another account")
        }
        return endpointIDs
    }

    private var intervalSeconds: Double { registry.policy.interval.inSeconds }

    private static func unknown(_ endpointID: UUID) -> SkillHubError {
        SkillHubError(.notFound, "endpoint \(endpointID.lowercasedString) not found; register the skill again")
    }
}
