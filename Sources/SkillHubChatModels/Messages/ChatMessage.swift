/// One message of a conversation, in OpenAI's shape: `{role, content, name?, tool_calls?, tool_call_id?}`.
public struct ChatMessage: Sendable, Hashable {
    public var role: ChatRole
    /// The text; nil for an assistant message that only calls tools.
    public var content: String?
    /// The author's name (OpenAI's `name`); for a `tool` message, the function's name (Ollama's `tool_name`).
    public var name: String?
    /// The tools an assistant message calls.
    public var toolCalls: [ChatToolCall]
    /// The call a `tool` message answers.
    public var toolCallID: String?

    public init(role: ChatRole, content: String?, name: String? = nil, toolCalls: [ChatToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: .assistant, content: content) }
}
