import Foundation
import Hummingbird
import SkillHubCore
import SkillHubStorage

/// `POST /api/v1/skills/{name or id}/invoke` `{capability?, input, session_id?, timeout_ms?, per_try_timeout_ms?}`.
/// With `Accept: text/event-stream` the answer comes as Server-Sent Events:
/// a streaming skill's `chunk` events as they come, then one `result` (the
/// JSON answer) or `error` (the error envelope) event; a call refused for want of
/// generation capacity before its first piece answers 429 with `Retry-After` instead.
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
        static let keys: Set<String> = ["capability", "input", "session_id", "timeout_ms", "per_try_timeout_ms"]
        var capability: String?
        var input: JSONValue?
        var sessionID: String?
        var timeoutMilliseconds: Int?
        var perTryTimeoutMilliseconds: Int?

        enum CodingKeys: String, CodingKey {
            case capability, input
            case sessionID = "session_id"
            case timeoutMilliseconds = "timeout_ms"
            case perTryTimeoutMilliseconds = "per_try_timeout_ms"
        }
    }

    /// The answer to a call, as JSON text: the output and where it came
    /// from, members in key order, written directly.
    static func answer(_ outcome: Dispatcher.Outcome) -> [UInt8] {
        let endpointID = JSONValue.string(outcome.endpoint.endpointID.lowercasedString)
        return JSONValue.serializedObject([
            "attempts": .number(Double(outcome.attempts)),
            "capability": .string(outcome.capability),
            "endpoint_id": endpointID,
            "latency_ms": .number(outcome.latency.inMilliseconds),
            "output": outcome.output,
            "skill": .string(outcome.skill.name),
            "skill_id": .string(outcome.skill.skillID.lowercasedString),
            "version": .string(outcome.skill.version),
            "worker_id": endpointID,
        ])
    }

    func invoke(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let reference = try context.parameters.require("skill_id")
        let body = try await StrictJSONBody.decode(Body.self, allowedKeys: Body.keys, from: request, context: context)
        let problems = [("timeout_ms", body.timeoutMilliseconds), ("per_try_timeout_ms", body.perTryTimeoutMilliseconds)].compactMap { field, value in
            value.flatMap { (1...600_000).contains($0) ? nil : FieldError(field: field, message: "must be from 1 to 600000") }
        }
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        let call = Dispatcher.Request(
            skill: reference, capability: body.capability, input: body.input ?? [:], sessionID: body.sessionID,
            timeout: body.timeoutMilliseconds.map { .milliseconds($0) }, perTryTimeout: body.perTryTimeoutMilliseconds.map { .milliseconds($0) },
            requestID: context.requestID,
            traceHeaders: TraceHeaders.forwarded(from: request.headers)
        )
        // Everything that can be refused is refused before an answer starts, in the usual envelope.
        let target = try await dispatcher.target(of: call, principal: try context.requirePrincipal())
        guard request.headers[.accept]?.contains("text/event-stream") == true else {
            return JSONResponses.response(body: Self.answer(try await dispatcher.call(target, call)))
        }
        // A call refused for want of capacity before anything streamed is a plain 429.
        let streamed = try await StreamedCall.start(dispatcher, target, call)
        return Response.eventStream(of: streamed, renderer: InvokeEventRenderer(requestID: context.requestID))
    }
}
