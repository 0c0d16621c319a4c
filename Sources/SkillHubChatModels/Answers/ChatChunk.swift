/// One piece of a streamed answer.
public struct ChatChunk: Sendable, Hashable {
    /// The next text.
    public var content: String
    /// The role, on the first piece.
    public var role: ChatRole?
    public var toolCalls: [ChatToolCallDelta]
    /// On the last piece with a choice.
    public var finishReason: ChatFinishReason?
    /// On the last piece (OpenAI sends it only with `stream_options.include_usage`, which the provider asks for).
    public var usage: ChatUsage?

    public init(content: String = "", role: ChatRole? = nil, toolCalls: [ChatToolCallDelta] = [], finishReason: ChatFinishReason? = nil, usage: ChatUsage? = nil) {
        self.content = content
        self.role = role
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// Whether the piece carries part of the answer (text, a tool call, the end): after one, the answer has begun
    /// and the router no longer switches models.
    public var beginsAnswer: Bool {
        !content.isEmpty || !toolCalls.isEmpty || finishReason != nil
    }
}
