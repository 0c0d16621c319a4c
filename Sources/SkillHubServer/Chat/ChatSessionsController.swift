import Hummingbird
import SkillHubCore

/// Chat sessions over REST, each route one capability of the `chat` skill (scope `skills:invoke`;
/// a session belongs to the caller's account):
///
/// ```
/// POST   /api/v1/chat/sessions                 create {session_id?, system?, model?, metadata?} → 201
/// GET    /api/v1/chat/sessions                 ?limit=&offset= → {sessions, total}
/// GET    /api/v1/chat/sessions/{session_id}    ?messages= (100) → the session with its last messages
/// DELETE /api/v1/chat/sessions/{session_id}
/// POST   /api/v1/chat/sessions/{session_id}/messages   {message | messages, model?, …} → the answer (`complete`)
/// ```
struct ChatSessionsController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let group = router.group("/api/v1/chat/sessions").add(middleware: authentication)
        group.post("") { request, context in
            try await self.call("create_session", try await StrictJSONBody.members(of: request, context: context), context, status: .created)
        }
        group.get("") { request, context in
            var query = QueryParameters(request)
            let input: [String: JSONValue] = [
                "limit": .number(Double(query.integer("limit", default: 50, in: 1...500))),
                "offset": .number(Double(query.integer("offset", default: 0, in: 0...10_000_000))),
            ]
            try query.validate()
            return try await self.call("list_sessions", input, context)
        }
        group.get("/:session_id") { request, context in
            var query = QueryParameters(request)
            let input: [String: JSONValue] = [
                "session_id": .string(try context.decodedPathParameter("session_id")),
                "messages": .number(Double(query.integer("messages", default: 100, in: 0...10_000))),
            ]
            try query.validate()
            return try await self.call("get_session", input, context)
        }
        group.delete("/:session_id") { _, context in
            try await self.call("delete_session", ["session_id": .string(try context.decodedPathParameter("session_id"))], context)
        }
        group.post("/:session_id/messages") { request, context in
            var input = try await StrictJSONBody.members(of: request, context: context)
            input["session_id"] = .string(try context.decodedPathParameter("session_id"))
            return try await self.call("complete", input, context)
        }
    }

    private func call(_ capability: String, _ input: [String: JSONValue], _ context: SkillHubRequestContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        try await dispatcher.respond(skill: ChatCompletionsController.skill, capability: capability, input: input, context: context, status: status)
    }
}
