import Foundation
import Hummingbird
import SkillHubCore
import SkillHubStorage

/// `POST /api/v1/commands/execute` (seed 004 spec shape) and `GET /api/v1/executions/{id}`.
///
/// A command runs through the dispatcher like an invoke call, and is recorded
/// as an execution. Synchronous commands answer with the result; asynchronous
/// ones answer 202 with the execution id at once, and POST the finished
/// execution to `callback_url` when one is given.
struct CommandsController: Sendable {
    let dispatcher: Dispatcher
    let executions: ExecutionRepository
    let runner: ExecutionRunner
    let authentication: AuthenticationMiddleware
    /// An execution still pending or running this long after it was created was interrupted.
    static let abandonAfter = Duration.seconds(900)

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/api/v1/commands").add(middleware: authentication).post("/execute") { request, context in
            try await self.execute(request, context)
        }
        router.group("/api/v1/executions").add(middleware: authentication).get("/:execution_id") { _, context in
            try context.require(.skillsInvoke)
            let text = try context.parameters.require("execution_id")
            guard let id = UUID(uuidString: text) else { throw SkillHubError(.notFound, "execution '\(text)' not found") }
            let execution = try await executions.execution(id, access: try context.requirePrincipal().skillAccess, abandonAfter: Self.abandonAfter)
            return try JSONResponses.response(ProtocolResponse(data: execution))
        }
    }

    func execute(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsInvoke)
        let principal = try context.requirePrincipal()
        let body = try await StrictJSONBody.decode(CommandBody.self, allowedKeys: CommandBody.keys, from: request, context: context)
        let problems = body.validate()
        guard problems.isEmpty else { throw SkillHubError.invalidFields(problems) }
        let call = Dispatcher.Request(
            skill: body.skillID, capability: body.capabilityID, input: body.parameters ?? [:],
            sessionID: body.metadata?["session_id"]?.stringValue, metadata: body.metadata ?? [:],
            timeout: body.timeout.map { .milliseconds(Int64($0 * 1000)) }, requestID: context.requestID,
            traceHeaders: TraceHeaders.forwarded(from: request.headers), inputField: "parameters"
        )
        // Everything that can be refused is refused before an execution exists.
        let target = try await dispatcher.target(of: call, principal: principal)
        let draft = ExecutionDraft(
            commandID: body.commandID, skillID: target.skill.skillID, capability: target.capabilityName,
            parameters: call.input, metadata: call.metadata, callbackURL: body.callbackURL
        )
        if body.runsInBackground {
            let execution = try await executions.create(draft, status: .pending, by: principal)
            try runner.submit(ExecutionRunner.Job(execution: execution, target: target, request: call))
            var response = try JSONResponses.response(
                ProtocolResponse(code: 202, message: "accepted", data: answer(execution, status: .pending)),
                status: .accepted
            )
            response.headers[.location] = "/api/v1/executions/\(execution.executionID.lowercasedString)"
            return response
        }
        let execution = try await executions.create(draft, status: .running, by: principal)
        let outcome = await Result(catching: { try await self.dispatcher.call(target, call) })
        let finished = try await runner.record(execution.executionID, outcome)
        runner.submitCallback(finished)
        switch outcome {
        case .success(let outcome):
            var answer = answer(finished, status: .completed)
            answer.latencyMilliseconds = outcome.latency.inMilliseconds
            return try JSONResponses.response(ProtocolResponse(data: answer))
        case .failure(let error):
            var failure = error as? SkillHubError ?? SkillHubError(.internalError, "the execution failed")
            failure.details = ["execution_id": .string(execution.executionID.lowercasedString)]
            throw failure
        }
    }

    private func answer(_ execution: ExecutionRecord, status: ExecutionStatus) -> CommandAnswer {
        CommandAnswer(
            executionID: execution.executionID, commandID: execution.commandID, status: status.rawValue, skillID: execution.skillID,
            capabilityID: execution.capability, result: execution.result, endpointID: execution.endpointID
        )
    }
}
