public import SkillHubCore

/// A function call the model asked for. OpenAI sends the arguments as a JSON string, Ollama as an object: both are
/// exposed as the string form, with ``parsedArguments`` for the tree.
public struct ChatToolCall: Sendable, Hashable {
    /// The call's id, which the `tool` message answering it repeats (made up as `call_N` for Ollama, which has none).
    public var id: String
    /// The function's name.
    public var name: String
    /// The arguments as JSON text.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed, or nil when they are not JSON (a model may write broken JSON).
    public var parsedArguments: JSONValue? {
        try? JSONValue(parsing: Array(arguments.utf8))
    }
}
