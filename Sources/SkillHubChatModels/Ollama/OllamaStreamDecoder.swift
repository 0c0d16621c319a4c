internal import SkillHubCore

/// Ollama's stream: one JSON object a line, the last with `"done": true`, or `{"error": …}`.
struct OllamaStreamDecoder: ChatStreamDecoder {
    let model: String
    private var lines = LineSplitter()
    private var calls = 0
    private(set) var isFinished = false

    init(model: String) {
        self.model = model
    }

    mutating func feed(_ bytes: [UInt8]) throws(ChatModelError) -> [ChatChunk] {
        try decode(lines.feed(bytes))
    }

    mutating func finish() throws(ChatModelError) -> [ChatChunk] {
        try decode(lines.finish())
    }

    private mutating func decode(_ lines: [[UInt8]]) throws(ChatModelError) -> [ChatChunk] {
        var chunks: [ChatChunk] = []
        for line in lines where !isFinished {
            let value: JSONValue
            do {
                value = try JSONValue(parsing: line)
            } catch {
                throw .badAnswer(model: model, reason: "a stream line that is not JSON: \(ChatUpstream.excerpt(line))")
            }
            if let error = value["error"]?.stringValue {
                throw .upstream(model: model, status: 500, message: error)
            }
            guard value.objectValue != nil else {
                throw .badAnswer(model: model, reason: "a stream line that is not an object: \(ChatUpstream.excerpt(line))")
            }
            let message = value["message"] ?? [:]
            let toolCalls = try OllamaChatWire.toolCalls(message, firstIndex: calls, model: model)
            calls += toolCalls.count
            chunks.append(ChatChunk(
                content: message["content"]?.stringValue ?? "", role: message["role"]?.stringValue.map(ChatRole.init(rawValue:)),
                toolCalls: toolCalls, finishReason: OllamaChatWire.finishReason(value, calledTools: calls > 0), usage: OllamaChatWire.usage(value)
            ))
            if value["done"] == .bool(true) { isFinished = true }
        }
        return chunks
    }
}
