import SkillHubCore

/// Answers in OpenAI's exact shapes (`chat.completion`, `chat.completion.chunk` events with `usage: null` until the
/// usage chunk whose `choices` is empty, `data: [DONE]`), as captured from api.openai.com.
enum OpenAIFake {
    static let model = "gpt-4o-mini-2024-07-18"

    static func completion(_ content: String?, toolCalls: [(id: String, name: String, arguments: String)] = [], finish: String = "stop", prompt: Int = 19, completion: Int = 9) -> FakeReply {
        var message: [String: JSONValue] = ["role": "assistant", "content": content.map(JSONValue.string) ?? .null, "refusal": .null]
        if !toolCalls.isEmpty {
            message["tool_calls"] = .array(toolCalls.map { ["id": .string($0.id), "type": "function", "function": ["name": .string($0.name), "arguments": .string($0.arguments)]] })
        }
        return .json([
            "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952, "model": .string(model),
            "choices": [["index": 0, "message": .object(message), "logprobs": .null, "finish_reason": .string(finish)]],
            "usage": ["prompt_tokens": .number(Double(prompt)), "completion_tokens": .number(Double(completion)), "total_tokens": .number(Double(prompt + completion))],
            "service_tier": "default", "system_fingerprint": "fp_44709d6fcb",
        ])
    }

    static func chunk(_ delta: JSONValue, finish: String? = nil) -> JSONValue {
        [
            "id": "chatcmpl-123", "object": "chat.completion.chunk", "created": 1694268190, "model": .string(model), "system_fingerprint": "fp_44709d6fcb",
            "choices": [["index": 0, "delta": delta, "logprobs": .null, "finish_reason": finish.map(JSONValue.string) ?? .null]], "usage": .null,
        ]
    }

    static func usageChunk(prompt: Int, completion: Int) -> JSONValue {
        [
            "id": "chatcmpl-123", "object": "chat.completion.chunk", "created": 1694268190, "model": .string(model), "system_fingerprint": "fp_44709d6fcb",
            "choices": [], "usage": ["prompt_tokens": .number(Double(prompt)), "completion_tokens": .number(Double(completion)), "total_tokens": .number(Double(prompt + completion))],
        ]
    }

    /// The events of a streamed text answer, each `data: …` and a blank line.
    static func textEvents(_ tokens: [String], prompt: Int = 19, finish: String = "stop") -> [String] {
        var events = [chunk(["role": "assistant", "content": "", "refusal": .null])]
        events += tokens.map { chunk(["content": .string($0)]) }
        events.append(chunk([:], finish: finish))
        events.append(usageChunk(prompt: prompt, completion: tokens.count))
        return events.map { "data: " + String(decoding: $0.serialized(), as: UTF8.self) + "\n\n" } + ["data: [DONE]\n\n"]
    }

    /// A streamed answer, each event in a TCP read of its own.
    static func stream(_ tokens: [String], prompt: Int = 19) -> FakeReply {
        FakeReply(contentType: "text/event-stream; charset=utf-8", parts: textEvents(tokens, prompt: prompt).map { .bytes(Array($0.utf8)) })
    }

    /// OpenAI's error shape.
    static func error(_ status: Int, _ message: String, type: String = "invalid_request_error") -> FakeReply {
        .json(["error": ["message": .string(message), "type": .string(type), "param": .null, "code": .null]], status: status)
    }
}

/// Answers in Ollama's exact shapes (`/api/chat`, NDJSON lines, the last with `done: true` and the counts).
enum OllamaFake {
    static let model = "llama3.2"

    static func final(prompt: Int, eval: Int, reason: String = "stop") -> JSONValue {
        [
            "model": .string(model), "created_at": "2024-07-22T20:33:28.123648Z", "message": ["role": "assistant", "content": ""],
            "done_reason": .string(reason), "done": true, "total_duration": 5191566416, "load_duration": 2154458,
            "prompt_eval_count": .number(Double(prompt)), "prompt_eval_duration": 383809000, "eval_count": .number(Double(eval)), "eval_duration": 4799921000,
        ]
    }

    static func completion(_ content: String, toolCalls: [(name: String, arguments: JSONValue)] = []) -> FakeReply {
        var message: [String: JSONValue] = ["role": "assistant", "content": .string(content)]
        if !toolCalls.isEmpty {
            message["tool_calls"] = .array(toolCalls.map { ["function": ["name": .string($0.name), "arguments": $0.arguments]] })
        }
        guard case .object(var answer) = final(prompt: 26, eval: 298) else { return .json(.null) }
        answer["message"] = .object(message)
        return .json(.object(answer))
    }

    static func lines(_ tokens: [String], prompt: Int = 26) -> [String] {
        tokens.map { token -> JSONValue in
            ["model": .string(model), "created_at": "2024-07-22T20:33:28.123648Z", "message": ["role": "assistant", "content": .string(token)], "done": false]
        }.map { String(decoding: $0.serialized(), as: UTF8.self) + "\n" } + [String(decoding: final(prompt: prompt, eval: tokens.count).serialized(), as: UTF8.self) + "\n"]
    }

    static func stream(_ tokens: [String]) -> FakeReply {
        FakeReply(contentType: "application/x-ndjson", parts: lines(tokens).map { .bytes(Array($0.utf8)) })
    }
}
