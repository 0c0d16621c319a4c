import Hummingbird
import SkillHubCore

/// Memories over REST in mem0's shapes under `/api/v1`, and OpenViking's sessions; each route one
/// capability of the `memory` skill (scope `skills:invoke`; memories and sessions belong to the
/// caller's account):
///
/// ```
/// POST   /api/v1/memories                    {messages | text, user_id?, agent_id?, run_id?, metadata?, infer?, wait?} → add
/// GET    /api/v1/memories                    ?user_id=&agent_id=&run_id=&limit=&offset=&archived= → list
/// DELETE /api/v1/memories                    ?user_id=&agent_id=&run_id= → delete_all
/// POST   /api/v1/memories/search             {query, user_id?, …, top_k?, threshold?} → search (also POST /api/v1/search)
/// GET    /api/v1/memories/{id}               → get
/// PUT    /api/v1/memories/{id}               {text, metadata?} → update
/// DELETE /api/v1/memories/{id}               → delete
/// GET    /api/v1/memories/{id}/history       → history
/// POST   /api/v1/memories/{id}/restore       → restore (an archived memory)
/// POST   /api/v1/sessions                    {session_id?, user_id?, agent_id?} → 201 create_session
/// GET    /api/v1/sessions/{id}               → get_session;  DELETE → delete_session
/// POST   /api/v1/sessions/{id}/messages      {role, content} | {messages} → add_session_messages
/// POST   /api/v1/sessions/{id}/commit        → commit_session
/// GET    /api/v1/sessions/{id}/context       ?token_budget=&query=&top_k= → session_context
/// ```
struct MemoryController: Sendable {
    let dispatcher: Dispatcher
    let authentication: AuthenticationMiddleware
    static let skill = "memory"

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let memories = router.group("/api/v1/memories").add(middleware: authentication)
        memories.post("") { request, context in
            try await self.call("add", try await StrictJSONBody.members(of: request, context: context), context)
        }
        memories.get("") { request, context in
            var query = QueryParameters(request)
            var input = Self.scope(query)
            input["limit"] = .number(Double(query.integer("limit", default: 100, in: 1...500)))
            input["offset"] = .number(Double(query.integer("offset", default: 0, in: 0...10_000_000)))
            input["archived"] = .bool(query.string("archived") == "true")
            try query.validate()
            return try await self.call("list", input, context)
        }
        memories.delete("") { request, context in
            try await self.call("delete_all", Self.scope(QueryParameters(request)), context)
        }
        memories.post("/search") { request, context in
            try await self.call("search", try await StrictJSONBody.members(of: request, context: context), context)
        }
        router.group("/api/v1/search").add(middleware: authentication).post("") { request, context in
            try await self.call("search", try await StrictJSONBody.members(of: request, context: context), context)
        }
        memories.get("/:memory_id") { _, context in
            try await self.call("get", ["memory_id": .string(try context.decodedPathParameter("memory_id"))], context)
        }
        memories.put("/:memory_id") { request, context in
            var input = try await StrictJSONBody.members(of: request, context: context)
            input["memory_id"] = .string(try context.decodedPathParameter("memory_id"))
            return try await self.call("update", input, context)
        }
        memories.delete("/:memory_id") { _, context in
            try await self.call("delete", ["memory_id": .string(try context.decodedPathParameter("memory_id"))], context)
        }
        memories.get("/:memory_id/history") { _, context in
            try await self.call("history", ["memory_id": .string(try context.decodedPathParameter("memory_id"))], context)
        }
        memories.post("/:memory_id/restore") { _, context in
            try await self.call("restore", ["memory_id": .string(try context.decodedPathParameter("memory_id"))], context)
        }

        let sessions = router.group("/api/v1/sessions").add(middleware: authentication)
        sessions.post("") { request, context in
            try await self.call("create_session", try await StrictJSONBody.members(of: request, context: context), context, status: .created)
        }
        sessions.get("/:session_id") { _, context in
            try await self.call("get_session", ["session_id": .string(try context.decodedPathParameter("session_id"))], context)
        }
        sessions.delete("/:session_id") { _, context in
            try await self.call("delete_session", ["session_id": .string(try context.decodedPathParameter("session_id"))], context)
        }
        sessions.post("/:session_id/messages") { request, context in
            var input = try await StrictJSONBody.members(of: request, context: context)
            input["session_id"] = .string(try context.decodedPathParameter("session_id"))
            return try await self.call("add_session_messages", input, context)
        }
        sessions.post("/:session_id/commit") { _, context in
            try await self.call("commit_session", ["session_id": .string(try context.decodedPathParameter("session_id"))], context)
        }
        sessions.get("/:session_id/context") { request, context in
            var query = QueryParameters(request)
            var input: [String: JSONValue] = [
                "session_id": .string(try context.decodedPathParameter("session_id")),
                "token_budget": .number(Double(query.integer("token_budget", default: 2000, in: 64...1_000_000))),
                "top_k": .number(Double(query.integer("top_k", default: 5, in: 1...50))),
            ]
            if let text = query.string("query") { input["query"] = .string(text) }
            try query.validate()
            return try await self.call("session_context", input, context)
        }
    }

    /// The scope ids of a query string (`run_id` is mem0's name for a session).
    private static func scope(_ query: QueryParameters) -> [String: JSONValue] {
        var input: [String: JSONValue] = [:]
        for name in ["user_id", "agent_id", "run_id", "session_id"] {
            if let value = query.string(name) { input[name] = .string(value) }
        }
        return input
    }

    private func call(_ capability: String, _ input: [String: JSONValue], _ context: SkillHubRequestContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        try await dispatcher.respond(skill: Self.skill, capability: capability, input: input, context: context, status: status)
    }
}
