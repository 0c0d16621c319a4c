import NIOCore
import SkillHubCore

/// The events of a streamed `POST /v1/chat/completions` as OpenAI's `chat.completion.chunk`
/// events: one per piece of the `chat` skill (its `{"delta", "tool_calls"?}`), the last with the
/// finish reason, the usage chunk when asked for, an error event for a failure, then `[DONE]`.
/// A piece's chunk is written straight to bytes: the members that do not change within a call are
/// serialised once.
struct OpenAIChunkRenderer: ServerSentEventRenderer {
    let id: String
    let created: Int
    let includeUsage: Bool
    /// `{"id":…,"object":"chat.completion.chunk","created":…,"model":` — the pieces name the model asked for.
    private let head: [UInt8]
    private var started = false

    init(id: String, created: Int, requestedModel: JSONValue, includeUsage: Bool) {
        self.id = id
        self.created = created
        self.includeUsage = includeUsage
        head = Self.head(id: id, created: created, model: requestedModel)
    }

    mutating func render(_ event: StreamedCall.Event, into buffer: inout ByteBuffer) {
        switch event {
        case .chunk(let bytes):
            guard let piece = try? JSONValue(parsing: bytes) else { return }
            var delta: [(key: String, value: JSONValue)] = []
            if !started { delta.append(("role", "assistant")) }
            delta.append(("content", piece["delta"] ?? ""))
            started = true
            if let calls = piece["tool_calls"]?.arrayValue {
                delta.append(("tool_calls", .array(calls.map { call in
                    ["index": call["index"] ?? 0, "id": call["id"] ?? .null, "type": "function",
                     "function": ["name": call["name"] ?? .null, "arguments": call["arguments"] ?? ""]]
                })))
            }
            Self.writeChunk(head, delta: JSONValue.serializedObject(delta), finishReason: .null, into: &buffer)
        case .finished(.success(let outcome)):
            let output = outcome.output
            let model = output["model"] ?? .null
            let head = model == .null ? head : Self.head(id: id, created: created, model: model)
            if !started {
                // A model that answered with nothing streamed: its whole message as one piece.
                let delta = JSONValue.serializedObject(["role": "assistant", "content": output["message"]?["content"] ?? ""])
                Self.writeChunk(head, delta: delta, finishReason: .null, into: &buffer)
            }
            Self.writeChunk(head, delta: Array("{}".utf8), finishReason: output["finish_reason"] ?? "stop", into: &buffer)
            if includeUsage {
                var usage = head
                usage += Array(#","choices":[],"usage":"#.utf8) + (output["usage"] ?? .null).serialized()
                usage.append(UInt8(ascii: "}"))
                buffer.writeServerSentEvent(data: usage)
            }
            buffer.writeServerSentEvent(data: Self.done)
        case .finished(.failure(let error)):
            let failure = error as? SkillHubError ?? SkillHubError(.internalError, "the completion failed")
            buffer.writeServerSentEvent(data: JSONValue.serializedObject([
                "error": ["message": .string(failure.message), "type": .string(ChatCompletionsController.errorType(failure.code)), "code": .number(Double(failure.code.rawValue))],
            ]))
            buffer.writeServerSentEvent(data: Self.done)
        }
    }

    private static let done = Array("[DONE]".utf8)

    private static func head(id: String, created: Int, model: JSONValue) -> [UInt8] {
        var head = Array(#"{"id":"#.utf8)
        head.appendJSONString(id)
        head += Array(#","object":"chat.completion.chunk","created":\#(created),"model":"#.utf8) + model.serialized()
        return head
    }

    /// `head` + `,"choices":[{"index":0,"delta":DELTA,"finish_reason":…,"logprobs":null}]}` as one event.
    private static func writeChunk(_ head: [UInt8], delta: [UInt8], finishReason: JSONValue, into buffer: inout ByteBuffer) {
        var chunk = head
        chunk.reserveCapacity(head.count + delta.count + 80)
        chunk += Array(#","choices":[{"index":0,"delta":"#.utf8)
        chunk += delta
        chunk += Array(#","finish_reason":"#.utf8)
        chunk += finishReason.serialized()
        chunk += Array(#","logprobs":null}]}"#.utf8)
        buffer.writeServerSentEvent(data: chunk)
    }
}
