import ChatEngine
import Foundation
import MemoryEngine
import SkillKit

/// OpenViking's sessions: messages kept by the host's `sessions` service, their facts extracted
/// soon after they arrive (a deferred `extract_session`, one pending per session) or at once on
/// `commit_session`, and a session's context for a token budget — its recent messages and the
/// memories relevant to them. A session's memories belong to its `user_id` / `agent_id` (so a
/// later session finds them); a session of neither keeps its own.
struct MemorySessions: Sendable {
    let configuration: MemoryConfiguration
    let records: MemoryRecords
    let extractor: MemoryExtractor
    let context: SkillContext

    func create(_ input: MemoryInput) async throws -> JSONValue {
        var metadata = try input.scope(required: false).fields
        metadata["session_id"] = nil
        metadata["extracted_messages"] = 0
        var request: [String: JSONValue] = ["op": "session.create", "metadata": .object(metadata)]
        if let id = try input.string("session_id") { request["session_id"] = .string(id) }
        return Self.session(try await context.sessions(.object(request)))
    }

    /// Appends messages (`messages`, or one `role` + `content`) and plans their extraction.
    func addMessages(_ input: MemoryInput) async throws -> JSONValue {
        let sessionID = try input.string("session_id", required: true) ?? ""
        let messages: [(role: String, text: String)]
        if input.value["messages"] == nil, let content = try input.string("content") {
            messages = [(try input.string("role") ?? "user", content)]
        } else {
            messages = try input.messages(maxCharacters: configuration.maxMessageCharacters)
        }
        let appended = try await context.sessions([
            "op": "message.append", "session_id": .string(sessionID), "messages": MemoryInput.json(messages),
        ])
        let session = try await context.sessions(["op": "session.get", "session_id": .string(sessionID)])
        _ = try await context.deferSkill(
            "memory", capability: "extract_session", input: ["session_id": .string(sessionID)],
            delay: .milliseconds(configuration.extractionDelayMilliseconds), key: "extract-session:" + sessionID,
            serial: "extract:" + scope(of: session, sessionID: sessionID).key
        )
        return ["session_id": .string(sessionID), "message_count": appended["message_count"] ?? .null, "extraction": "queued"]
    }

    /// Extracts the messages not yet extracted; the changes made.
    func commit(_ input: MemoryInput) async throws -> JSONValue {
        let sessionID = try input.string("session_id", required: true) ?? ""
        let session = try await context.sessions(["op": "session.get", "session_id": .string(sessionID)])
        let total = session["message_count"]?.intValue ?? 0
        let done = min(session["metadata"]?["extracted_messages"]?.intValue ?? 0, total)
        guard total > done else { return ["session_id": .string(sessionID), "extracted_messages": 0, "results": []] }
        let listed = try await context.sessions(["op": "message.list", "session_id": .string(sessionID), "limit": .number(Double(total - done))])
        let messages = (listed["messages"]?.arrayValue ?? []).compactMap { message -> (role: String, text: String)? in
            guard let role = message["role"]?.stringValue, role == "user" || role == "assistant", let text = message["content"]?.stringValue else { return nil }
            return (role, text)
        }
        let scope = scope(of: session, sessionID: sessionID)
        let changes = messages.isEmpty ? [] : try await extractor.remember(messages, scope: scope, metadata: nil, actor: "extraction")
        var metadata = session["metadata"]?.objectValue ?? [:]
        metadata["extracted_messages"] = .number(Double(total))
        _ = try await context.sessions(["op": "session.update", "session_id": .string(sessionID), "metadata": .object(metadata)])
        return ["session_id": .string(sessionID), "extracted_messages": .number(Double(total - done)), "results": .array(changes)]
    }

    /// The session's context within `token_budget` (2000): the memories relevant to `query` (or
    /// the last user message), then as many recent messages as fit, oldest first.
    func context(_ input: MemoryInput) async throws -> JSONValue {
        let sessionID = try input.string("session_id", required: true) ?? ""
        let budget = try input.integer("token_budget", default: 2000, in: 64...1_000_000)
        let session = try await context.sessions(["op": "session.get", "session_id": .string(sessionID), "messages": 200])
        let messages = session["messages"]?.arrayValue ?? []
        let query = try input.string("query") ?? messages.last { $0["role"]?.stringValue == "user" }?["content"]?.stringValue
        var used = 0
        var memories: [JSONValue] = []
        if let query {
            let found = try await MemorySearch(configuration: configuration, records: records, context: context).search(
                query, scope: scope(of: session, sessionID: sessionID), topK: try input.integer("top_k", default: 5, in: 1...50),
                threshold: nil, includeArchived: false
            )
            // Memories take at most half the budget; messages the rest.
            for memory in found {
                let cost = TokenEstimate.message(memory["memory"]?.stringValue ?? "")
                guard used + cost <= budget / 2 else { break }
                used += cost
                memories.append(memory)
            }
        }
        var recent: [JSONValue] = []
        for message in messages.reversed() {
            let cost = TokenEstimate.message(message["content"]?.stringValue ?? "")
            guard used + cost <= budget else { break }
            used += cost
            recent.append(["role": message["role"] ?? "user", "content": message["content"] ?? ""])
        }
        return [
            "session_id": .string(sessionID), "memories": .array(memories), "messages": .array(recent.reversed()),
            "estimated_tokens": .number(Double(used)), "token_budget": .number(Double(budget)),
        ]
    }

    /// Whose memories a session's messages feed.
    private func scope(of session: JSONValue, sessionID: String) -> MemoryScope {
        let metadata = session["metadata"]
        let scope = MemoryScope(userID: metadata?["user_id"]?.stringValue, agentID: metadata?["agent_id"]?.stringValue)
        return scope.isEmpty ? MemoryScope(sessionID: sessionID) : scope
    }

    private static func session(_ session: JSONValue) -> JSONValue {
        session.merging(["user_id": session["metadata"]?["user_id"] ?? .null, "agent_id": session["metadata"]?["agent_id"] ?? .null])
    }
}
