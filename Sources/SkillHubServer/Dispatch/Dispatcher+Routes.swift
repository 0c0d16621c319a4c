import Hummingbird
import SkillHubCore

extension Dispatcher {
    /// Runs one capability of a built-in skill for a REST route, as the caller (who needs
    /// `scope`); the skill's output is the response body.
    func respond(
        skill: String, capability: String, input: [String: JSONValue], context: SkillHubRequestContext,
        scope: Scope = .skillsInvoke, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        try context.require(scope)
        let outcome = try await dispatch(
            Request(
                skill: skill, capability: capability, input: .object(input),
                sessionID: input["session_id"]?.stringValue, requestID: context.requestID, inputField: "", platformOnly: true
            ),
            principal: try context.requirePrincipal()
        )
        return JSONResponses.response(body: outcome.output.serialized(), status: status)
    }
}
