internal import SkillHubCore

/// OpenAI's chat JSON: the request body, the answer, and the streamed chunks.
enum OpenAIChatWire {
    static func body(of request: ChatRequest, modelID: String, stream: Bool) -> JSONValue {
        var body = request.extra
        body["model"] = .string(modelID)
        body["messages"] = .array(request.messages.map(message))
        body["stream"] = .bool(stream)
        if stream {
            var options = body["stream_options"]?.objectValue ?? [:]
            options["include_usage"] = true
            body["stream_options"] = .object(options)
        }
        if let tools = request.tools, !tools.isEmpty { body["tools"] = .array(tools) }
        if let choice = request.toolChoice { body["tool_choice"] = choice }
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if let topP = request.topP { body["top_p"] = .number(topP) }
        if let maxTokens = request.maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        if let stop = request.stop, !stop.isEmpty { body["stop"] = .array(stop.map(JSONValue.string)) }
        return .object(body)
    }

    static func message(_ message: ChatMessage) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(message.role.rawValue)]
        object["content"] = message.content.map(JSONValue.string) ?? (message.toolCalls.isEmpty ? "" : .null)
        if let name = message.name { object["name"] = .string(name) }
        if !message.toolCalls.isEmpty {
            object["tool_calls"] = .array(message.toolCalls.map { call in
                ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
            })
        }
        if let id = message.toolCallID { object["tool_call_id"] = .string(id) }
        return .object(object)
    }

    /// `{id, model, choices: [{message: {role, content, tool_calls}, finish_reason}], usage}`.
    static func completion(from body: [UInt8], model: ChatModelSettings.Model) throws(ChatModelError) -> ChatCompletion {
        let answer = try ChatUpstream.json(body, model: model.name)
        if let error = answer["error"], error != .null {
            throw .upstream(model: model.name, status: error["code"]?.intValue ?? 500, message: error["message"]?.stringValue ?? ChatUpstream.excerpt(error.serialized()))
        }
        guard let choice = answer["choices"]?[0], let message = choice["message"]?.objectValue else {
            throw .badAnswer(model: model.name, reason: "no choices[0].message: \(ChatUpstream.excerpt(body))")
        }
        var calls: [ChatToolCall] = []
        for (index, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            guard let name = call["function"]?["name"]?.stringValue else {
                throw .badAnswer(model: model.name, reason: "tool_calls[\(index)] has no function name")
            }
            calls.append(ChatToolCall(id: call["id"]?.stringValue ?? "call_\(index)", name: name, arguments: arguments(call["function"]?["arguments"])))
        }
        return ChatCompletion(
            model: model.name, modelID: answer["model"]?.stringValue ?? model.modelID,
            message: ChatMessage(role: .assistant, content: message["content"]?.stringValue, toolCalls: calls),
            finishReason: choice["finish_reason"]?.stringValue.map(ChatFinishReason.init(rawValue:)),
            usage: usage(answer["usage"])
        )
    }

    /// One streamed chunk: `{choices: [{delta: {role, content, tool_calls}, finish_reason}], usage}`.
    static func chunk(from event: JSONValue, model: String) throws(ChatModelError) -> ChatChunk {
        if let error = event["error"], error != .null {
            throw .upstream(model: model, status: error["code"]?.intValue ?? 500, message: error["message"]?.stringValue ?? ChatUpstream.excerpt(error.serialized()))
        }
        guard event.objectValue != nil else {
            throw .badAnswer(model: model, reason: "a stream event that is not an object: \(ChatUpstream.excerpt(event.serialized()))")
        }
        var chunk = ChatChunk(usage: usage(event["usage"]))
        guard let choice = event["choices"]?[0] else { return chunk }
        let delta = choice["delta"]
        chunk.content = delta?["content"]?.stringValue ?? ""
        chunk.role = delta?["role"]?.stringValue.map(ChatRole.init(rawValue:))
        for (position, call) in (delta?["tool_calls"]?.arrayValue ?? []).enumerated() {
            let function = call["function"]
            chunk.toolCalls.append(ChatToolCallDelta(
                index: call["index"]?.intValue ?? position, id: call["id"]?.stringValue, name: function?["name"]?.stringValue,
                arguments: function.map { arguments($0["arguments"]) } ?? ""
            ))
        }
        chunk.finishReason = choice["finish_reason"]?.stringValue.map(ChatFinishReason.init(rawValue:))
        return chunk
    }

    /// Arguments as JSON text: OpenAI's string as it is, an object (some servers) serialized.
    static func arguments(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case nil, .null?: ""
        case let other?: String(decoding: other.serialized(), as: UTF8.self)
        }
    }

    static func usage(_ value: JSONValue?) -> ChatUsage? {
        guard let value, let prompt = value["prompt_tokens"]?.intValue else { return nil }
        return ChatUsage(promptTokens: prompt, completionTokens: value["completion_tokens"]?.intValue ?? 0)
    }
}
