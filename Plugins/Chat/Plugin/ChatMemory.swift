import SkillKit

/// A chat with `memory: true`: the `memory` skill's memories of the user relevant to the new
/// message go into the prompt, and each turn goes to the memory skill for extraction (deferred
/// there, so the answer does not wait). Both through the host's `invoke` service; a memory skill
/// that is missing or failing costs the chat nothing but a warning.
struct ChatMemory: Sendable {
    let userID: String
    let agentID: String?
    /// Memories recalled into a prompt.
    static let recalled = 5

    /// The link for a call: `memory` true (in the input or the session's metadata) with a
    /// `user_id` (or OpenAI's `user`) there too; nil when memory is off. Throws when memory is on
    /// without a user.
    init?(input: JSONValue, session: JSONValue?) throws {
        let metadata = session?["metadata"]
        guard (input["memory"] ?? metadata?["memory"]) == .bool(true) else { return nil }
        guard let userID = input["user_id"]?.stringValue ?? input["user"]?.stringValue ?? metadata?["user_id"]?.stringValue, !userID.isEmpty else {
            throw SkillError(.invalidInput, "memory: true needs user_id (whose memories)")
        }
        self.userID = userID
        agentID = input["agent_id"]?.stringValue ?? metadata?["agent_id"]?.stringValue
    }

    /// What was recalled for a prompt: the system message, and the memories in it (`{id, memory, score}`).
    struct Recall: Sendable {
        var message: JSONValue
        var memories: [JSONValue]
    }

    /// What is remembered about the user that bears on `query`; nil when nothing does.
    func recall(_ query: String, context: SkillContext) async -> Recall? {
        do {
            var input = scope
            input["query"] = .string(query)
            input["top_k"] = .number(Double(Self.recalled))
            let found = (try await context.invokeSkill("memory", capability: "search", input: .object(input)))["results"]?.arrayValue ?? []
            let memories = found.filter { $0["memory"]?.stringValue != nil }
            guard !memories.isEmpty else { return nil }
            let lines = memories.compactMap { $0["memory"]?.stringValue }.map { "- \($0)" }
            return Recall(
                message: ["role": "system", "content": .string("What you remember about the user (use it when it helps):\n" + lines.joined(separator: "\n"))],
                memories: memories.map { ["id": $0["id"] ?? .null, "memory": $0["memory"] ?? .null, "score": $0["score"] ?? .null] }
            )
        } catch {
            context.log(.warning, "chat memory: recall failed: \(error)")
            return nil
        }
    }

    /// Hands a finished turn to the memory skill.
    func remember(_ turn: [JSONValue], context: SkillContext) async {
        do {
            var input = scope
            input["messages"] = .array(turn.compactMap { message in
                guard let role = message["role"]?.stringValue, role == "user" || role == "assistant",
                      let content = message["content"]?.stringValue, !content.isEmpty else { return nil }
                return ["role": .string(role), "content": .string(content)]
            })
            _ = try await context.invokeSkill("memory", capability: "add", input: .object(input))
        } catch {
            context.log(.warning, "chat memory: the turn was not handed to memory: \(error)")
        }
    }

    private var scope: [String: JSONValue] {
        var scope: [String: JSONValue] = ["user_id": .string(userID)]
        if let agentID { scope["agent_id"] = .string(agentID) }
        return scope
    }
}
