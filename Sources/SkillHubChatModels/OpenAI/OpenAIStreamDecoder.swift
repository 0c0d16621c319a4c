internal import SkillHubCore

/// OpenAI's stream: server-sent events of chunks, then `data: [DONE]`.
struct OpenAIStreamDecoder: ChatStreamDecoder {
    let model: String
    private var parser = ServerSentEventParser()
    private(set) var isFinished = false

    init(model: String) {
        self.model = model
    }

    mutating func feed(_ bytes: [UInt8]) throws(ChatModelError) -> [ChatChunk] {
        try decode(parser.feed(bytes))
    }

    mutating func finish() throws(ChatModelError) -> [ChatChunk] {
        try decode(parser.finish())
    }

    private mutating func decode(_ events: [ServerSentEvent]) throws(ChatModelError) -> [ChatChunk] {
        var chunks: [ChatChunk] = []
        for event in events where !isFinished {
            let data = event.data.trimmed(of: " \t\n\r")
            if data == "[DONE]" {
                isFinished = true
                continue
            }
            if data.isEmpty { continue }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: Array(data.utf8))
            } catch {
                throw .badAnswer(model: model, reason: "a stream event that is not JSON: \(ChatUpstream.excerpt(Array(data.utf8)))")
            }
            if event.event == "error" {
                throw .upstream(model: model, status: value["error"]?["code"]?.intValue ?? 500, message: ChatUpstream.message(in: Array(data.utf8)))
            }
            chunks.append(try OpenAIChatWire.chunk(from: value, model: model))
        }
        return chunks
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    func trimmed(of set: String) -> String {
        let characters = Set(set)
        guard let first = firstIndex(where: { !characters.contains($0) }), let last = lastIndex(where: { !characters.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
