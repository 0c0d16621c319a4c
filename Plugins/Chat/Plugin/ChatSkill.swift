import ChatEngine
import SkillKit

/// `chat`: conversations with the host's models. The host keeps the sessions (ABI 1.1
/// `sessions`: Redis for the recent messages, PostgreSQL for all) and runs the models (`model`:
/// the `MODEL_*` list with fallbacks, streaming); the plugin assembles each prompt — the session's
/// system prompt, as much history as fits the context budget, the new messages — and records a
/// turn only once the answer is whole, so a session keeps only what was really said.
struct ChatSkill: Skill {
    let configuration: ChatConfiguration

    init(context: SkillContext) async throws {
        configuration = try ChatConfiguration(context.configuration)
        context.log(.info, "chat ready (context budget \(configuration.contextTokens) tokens, \(configuration.answerTokens) kept for the answer)")
    }

    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
        let input: JSONValue
        do {
            input = try JSONValue(parsing: request.input)
        } catch {
            throw SkillError(.invalidInput, "the input is not JSON: \(error)")
        }
        let output: JSONValue = switch request.capability {
        case "complete":
            try await Conversation(configuration: configuration).complete(input, context: context)
        case "create_session":
            try await context.sessions(Self.forward("session.create", input, keys: ["session_id", "system", "model", "metadata"]))
        case "get_session":
            try await context.sessions(Self.forward("session.get", input, keys: ["session_id"]).merging(["messages": input["messages"] ?? 100]))
        case "list_sessions":
            try await context.sessions(Self.forward("session.list", input, keys: ["limit", "offset"]))
        case "delete_session":
            try await context.sessions(Self.forward("session.delete", input, keys: ["session_id"]))
        case "list_models":
            try await context.model(["op": "models"])
        default:
            throw SkillError.unknownCapability(request.capability)
        }
        return try SkillResponse(json: output)
    }

    /// `{"op": operation}` with the input's fields named by `keys`.
    static func forward(_ operation: String, _ input: JSONValue, keys: [String]) -> JSONValue {
        var fields: [String: JSONValue] = ["op": .string(operation)]
        for key in keys {
            if let value = input[key] { fields[key] = value }
        }
        return .object(fields)
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(ChatSkill.self)
}
