/// Why the model stopped: OpenAI's `finish_reason` (Ollama's `done_reason`, `tool_calls` when it called tools).
public struct ChatFinishReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let stop = ChatFinishReason(rawValue: "stop")
    public static let length = ChatFinishReason(rawValue: "length")
    public static let toolCalls = ChatFinishReason(rawValue: "tool_calls")
    public static let contentFilter = ChatFinishReason(rawValue: "content_filter")

    public var description: String { rawValue }
}
