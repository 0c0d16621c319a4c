/// Assembles streamed pieces into the whole answer: the text, tool calls joined by index, finish reason, usage.
public struct ChatStreamAccumulator: Sendable {
    public private(set) var content = ""
    public private(set) var finishReason: ChatFinishReason?
    public private(set) var usage: ChatUsage?
    private var calls: [Int: ChatToolCall] = [:]

    public init() {}

    public mutating func add(_ chunk: ChatChunk) {
        content += chunk.content
        for delta in chunk.toolCalls {
            var call = calls[delta.index] ?? ChatToolCall(id: "", name: "", arguments: "")
            if let id = delta.id, !id.isEmpty { call.id = id }
            if let name = delta.name, !name.isEmpty { call.name = name }
            call.arguments += delta.arguments
            calls[delta.index] = call
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let usage = chunk.usage { self.usage = usage }
    }

    /// The tool calls so far, by index.
    public var toolCalls: [ChatToolCall] {
        calls.sorted { $0.key < $1.key }.map(\.value)
    }

    /// The answer as an assistant message.
    public var message: ChatMessage {
        let calls = toolCalls
        return ChatMessage(role: .assistant, content: content.isEmpty && !calls.isEmpty ? nil : content, toolCalls: calls)
    }
}
