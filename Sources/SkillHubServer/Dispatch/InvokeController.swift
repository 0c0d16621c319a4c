import Foundation
import Hummingbird
import SkillHubCore
import SkillHubStorage

/// `POST /api/v1/skills/{name or id}/invoke` `{capability?, input, session_id?, timeout_ms?}`.
struct InvokeController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        // The path parameter shares its name with the registry's routes at the same place: it takes a name or an id.
        router.group("/api/v1/skills").add(middleware: authentication).post("/:skill_id/invoke") { request, context in
            try await self.invoke(request, context)
        }
    }

    struct Body: Decodable {
        static let keys: Set<String> = ["capability", "input", "session_id", "timeout_ms"]
        var capability: String?
        var input: JSONValue?
        var sessionID: String?
        var timeoutMilliseconds: Int?

        enum CodingKeys: String, CodingKey {
            case capability, input
            case sessionID = "session_id"
            case timeoutMilliseconds = "timeout_ms"
        }
    }

    struct Answer: Encodable {
        var output: JSONValue
        var skill: String
        var skillID: UUID
        var version: String
        var capability: String
        var endpointID: UUID
        var workerID: UUID
        var attempts: Int
        var latencyMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case output, skill, version, capability, attempts
            case skillID = "skill_id"
            case endpointID = "endpoint_id"
            case workerID = "worker_id"
            case latencyMilliseconds = "latency_ms"
        }
    }

    func invoke(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let reference = try context.parameters.require("skill_id")
        let body = try await StrictJSONBody.decode(Body.self, allowedKeys: Body.keys, from: request, context: context)
        if let timeout = body.timeoutMilliseconds, !(1...600_000).contains(timeout) {
            throw SkillHubError.invalidFields([FieldError(field: "timeout_ms", message: "must be from 1 to 600000")])
        }
        let outcome = try await dispatcher.dispatch(
            Dispatcher.Request(
                skill: reference, capability: body.capability, input: body.input ?? [:], sessionID: body.sessionID,
                timeout: body.timeoutMilliseconds.map { .milliseconds($0) }, requestID: context.requestID,
                traceHeaders: TraceHeaders.forwarded(from: request.headers)
            ),
            principal: try context.requirePrincipal()
        )
        return try JSONResponses.response(
            Answer(
                output: outcome.output, skill: outcome.skill.name, skillID: outcome.skill.skillID, version: outcome.skill.version,
                capability: outcome.capability, endpointID: outcome.endpoint.endpointID, workerID: outcome.endpoint.endpointID,
                attempts: outcome.attempts, latencyMilliseconds: outcome.latency.inMilliseconds
            )
        )
    }
}
