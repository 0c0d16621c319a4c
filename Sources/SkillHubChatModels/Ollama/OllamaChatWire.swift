internal import SkillHubCore

/// Ollama's chat JSON: the request body, the answer, and the streamed lines.
enum OllamaChatWire {
    static func body(of request: ChatRequest, modelID: String, stream: Bool) throws(ChatModelError) -> JSONValue {
        var body = request.extra
        // OpenAI's response_format is Ollama's format: a JSON schema, or "json".
        if let format = body.removeValue(forKey: "response_format"), body["format"] == nil {
            body["format"] = format["json_schema"]?["schema"] ?? (format["type"]?.stringValue == "json_object" ? "json" : nil)
        }
        body["model"] = .string(modelID)
        var messages: [JSONValue] = []
        for message in request.messages {
            messages.append(try self.message(message))
        }
        body["messages"] = .array(messages)
        body["stream"] = .bool(stream)
        if let tools = request.tools, !tools.isEmpty { body["tools"] = .array(tools) }
        var options = body["options"]?.objectValue ?? [:]
        if let temperature = request.temperature { options["temperature"] = .number(temperature) }
        if let topP = request.topP { options["top_p"] = .number(topP) }
        if let maxTokens = request.maxTokens { options["num_predict"] = .number(Double(maxTokens)) }
        if let stop = request.stop, !stop.isEmpty { options["stop"] = .array(stop.map(JSONValue.string)) }
        if !options.isEmpty { body["options"] = .object(options) }
        return .object(body)
    }

    static func message(_ message: ChatMessage) throws(ChatModelError) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .string(message.content ?? "")]
        if !message.toolCalls.isEmpty {
            var calls: [JSONValue] = []
            for call in message.toolCalls {
                guard let arguments = call.arguments.isEmpty ? [:] : call.parsedArguments else {
                    throw .invalidRequest("the arguments of tool call '\(call.id)' are not JSON; Ollama takes them as an object")
                }
                calls.append(["function": ["name": .string(call.name), "arguments": arguments]])
            }
            object["tool_calls"] = .array(calls)
        }
        if message.role == .tool, let name = message.name { object["tool_name"] = .string(name) }
        return .object(object)
    }

    /// `{model, message: {role, content, tool_calls}, done, done_reason, prompt_eval_count, eval_count}`.
    static func completion(from body: [UInt8], model: ChatModelSettings.Model) throws(ChatModelError) -> ChatCompletion {
        let answer = try ChatUpstream.json(body, model: model.name)
        if let error = answer["error"]?.stringValue {
            throw .upstream(model: model.name, status: 500, message: error)
        }
        guard let message = answer["message"], message.objectValue != nil else {
            throw .badAnswer(model: model.name, reason: "no message: \(ChatUpstream.excerpt(body))")
        }
        let calls = try toolCalls(message, firstIndex: 0, model: model.name).map { ChatToolCall(id: $0.id ?? "", name: $0.name ?? "", arguments: $0.arguments) }
        return ChatCompletion(
            model: model.name, modelID: answer["model"]?.stringValue ?? model.modelID,
            message: ChatMessage(role: .assistant, content: message["content"]?.stringValue ?? "", toolCalls: calls),
            finishReason: finishReason(answer, calledTools: !calls.isEmpty), usage: usage(answer)
        )
    }

    /// Ollama's calls, numbered from `firstIndex`, with made-up ids and the arguments as JSON text.
    static func toolCalls(_ message: JSONValue, firstIndex: Int, model: String) throws(ChatModelError) -> [ChatToolCallDelta] {
        var deltas: [ChatToolCallDelta] = []
        for (offset, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            guard let name = call["function"]?["name"]?.stringValue else {
                throw .badAnswer(model: model, reason: "tool_calls[\(offset)] has no function name")
            }
            let index = firstIndex + offset
            deltas.append(ChatToolCallDelta(
                index: index, id: call["id"]?.stringValue ?? "call_\(index)", name: name,
                arguments: OpenAIChatWire.arguments(call["function"]?["arguments"] ?? [:])
            ))
        }
        return deltas
    }

    static func finishReason(_ line: JSONValue, calledTools: Bool) -> ChatFinishReason? {
        guard line["done"] == .bool(true) else { return nil }
        let reason = line["done_reason"]?.stringValue ?? "stop"
        return calledTools && reason == "stop" ? .toolCalls : ChatFinishReason(rawValue: reason)
    }

    static func usage(_ line: JSONValue) -> ChatUsage? {
        guard line["done"] == .bool(true), line["prompt_eval_count"] != nil || line["eval_count"] != nil else { return nil }
        return ChatUsage(promptTokens: line["prompt_eval_count"]?.intValue ?? 0, completionTokens: line["eval_count"]?.intValue ?? 0)
    }
}
