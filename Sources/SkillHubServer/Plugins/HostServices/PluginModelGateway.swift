import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubChatModels
import SkillHubCore
import SkillHubPluginHost

/// The ABI 1.1 `model` service: chat completions through the host's ``ChatRouter`` (the `MODEL_*`
/// list with its fallbacks; `task` picks an internal model, `BUILTIN_CM_*`), whole or streamed
/// piece by piece, within the request's `timeout_ms` when it has one; `{"op": "models"}` lists
/// the configured models. Every generation takes a turn of the ``GenerationLimiter`` first; a
/// refusal answers `SKH_ERR_UNAVAILABLE` with the ``GenerationRefusal`` message, which the host
/// turns into a 429 for its caller.
struct PluginModelGateway: Sendable {
    let router: ChatRouter
    let limiter: GenerationLimiter
    let logger: Logger

    func handle(json request: [UInt8], onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws -> [UInt8] {
        let value = try HostServiceAnswers.parse(request, "model")
        let fields = try RequestFields(value, what: "a model request")
        if fields.operation == "models" { return Self.models(router.settings).serialized() }
        let chatRequest = try Self.request(fields, settings: router.settings)
        let streamed = fields.fields["stream"] == .bool(true)
        let timeout = fields.fields["timeout_ms"] == nil ? nil : try fields.integer("timeout_ms", default: 1, in: 1...600_000)
        do {
            guard let timeout else { return try await generate(chatRequest, streamed: streamed, onChunk: onChunk) }
            return try await withTimeout(.milliseconds(timeout), operation: "the generation") { [self] in
                try await generate(chatRequest, streamed: streamed, onChunk: onChunk)
            }
        } catch is TimeoutError {
            throw PluginCallError(status: .timeout, message: "the model did not finish within the request's timeout_ms (\(timeout ?? 0))")
        } catch let error as ChatModelError {
            throw PluginCallError(status: Self.status(of: error), message: error.description)
        } catch let refusal as GenerationRefusal {
            throw PluginCallError(status: .unavailable, message: refusal.message)
        } catch is CancellationError {
            throw PluginCallError(status: .cancelled, message: "the generation was cancelled")
        }
    }

    /// One generation, after a turn of the limiter: the whole answer, or streamed piece by piece
    /// to `onChunk` and then the whole.
    private func generate(_ chatRequest: ChatRequest, streamed: Bool, onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws -> [UInt8] {
        let turn = try await limiter.begin()
        defer { turn.end() }
        if streamed {
            // Each piece goes on from the task reading the model's connection, as it is decoded.
            let answer = NIOLockedValueBox(ChatStreamAccumulator())
            let outcome = try await router.stream(chatRequest) { chunk in
                answer.withLockedValue { $0.add(chunk) }
                if let piece = Self.piece(chunk) { onChunk(piece) }
            }
            let whole = answer.withLockedValue { $0 }
            return Self.answer(
                model: outcome.model, message: whole.message, finishReason: whole.finishReason, usage: whole.usage, failed: outcome.failedAttempts
            ).serialized()
        }
        let completion = try await router.complete(chatRequest)
        return Self.answer(
            model: completion.model, message: completion.message, finishReason: completion.finishReason, usage: completion.usage,
            failed: completion.failedAttempts
        ).serialized()
    }

    /// A model failure as the plugin sees it: the caller's (400) or the model's (unavailable, timeout).
    static func status(of error: ChatModelError) -> PluginStatus {
        switch error {
        case .unknownModel, .invalidRequest: .invalidInput
        case .timeout: .timeout
        case .upstream(_, let status, _) where (400..<500).contains(status) && status != 408 && status != 429: .invalidInput
        case .allModelsFailed(let attempts): attempts.last.map { status(of: $0.error) } ?? .unavailable
        default: .unavailable
        }
    }

    static func request(_ fields: RequestFields, settings: ChatModelSettings) throws -> ChatRequest {
        guard let items = fields.fields["messages"]?.arrayValue, !items.isEmpty else {
            throw fields.invalid("messages", "must be a non-empty array of {role, content}")
        }
        let messages = try items.enumerated().map { index, item -> ChatMessage in
            guard let role = item["role"]?.stringValue, ["system", "user", "assistant", "tool"].contains(role) else {
                throw fields.invalid("messages[\(index)].role", "must be one of system, user, assistant, tool")
            }
            let toolCalls = (item["tool_calls"]?.arrayValue ?? []).compactMap { call -> ChatToolCall? in
                guard let name = call["function"]?["name"]?.stringValue else { return nil }
                let arguments = call["function"]?["arguments"]
                let text = arguments?.stringValue ?? arguments.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "{}"
                return ChatToolCall(id: call["id"]?.stringValue ?? "call_\(index)", name: name, arguments: text)
            }
            return ChatMessage(
                role: ChatRole(rawValue: role), content: item["content"]?.stringValue, name: item["name"]?.stringValue,
                toolCalls: toolCalls, toolCallID: item["tool_call_id"]?.stringValue
            )
        }
        var model = try fields.string("model")
        if model == nil, let task = try fields.string("task") { model = settings.internalModel(for: task).name }
        return ChatRequest(
            model: model, messages: messages, tools: fields.fields["tools"]?.arrayValue, toolChoice: fields.fields["tool_choice"],
            temperature: try fields.number("temperature", in: 0...2), topP: try fields.number("top_p", in: 0...1),
            maxTokens: fields.fields["max_tokens"] == nil ? nil : try fields.integer("max_tokens", default: 0, in: 1...1_000_000),
            stop: try fields.strings("stop"),
            // Structured output (OpenAI's json_object / json_schema; llama-server turns a schema into a grammar).
            extra: try fields.object("response_format").map { ["response_format": $0] } ?? [:]
        )
    }

    /// A streamed piece as the plugin gets it, as JSON text: `{"delta", "tool_calls"?}`; nil for an empty one.
    static func piece(_ chunk: ChatChunk) -> [UInt8]? {
        guard !chunk.content.isEmpty || !chunk.toolCalls.isEmpty else { return nil }
        guard !chunk.toolCalls.isEmpty else { return JSONValue.serializedObject(["delta": .string(chunk.content)]) }
        return JSONValue.serializedObject([
            "delta": .string(chunk.content),
            "tool_calls": .array(chunk.toolCalls.map { call in
                var fields: [String: JSONValue] = ["index": .number(Double(call.index)), "arguments": .string(call.arguments)]
                if let id = call.id { fields["id"] = .string(id) }
                if let name = call.name { fields["name"] = .string(name) }
                return .object(fields)
            }),
        ])
    }

    static func answer(model: String, message: ChatMessage, finishReason: ChatFinishReason?, usage: ChatUsage?, failed: [ChatModelAttempt]) -> JSONValue {
        var fields: [String: JSONValue] = [
            "model": .string(model),
            "message": Self.message(message),
            "finish_reason": finishReason.map { .string($0.rawValue) } ?? .null,
            "failed_attempts": .array(failed.map { ["model": .string($0.model), "error": .string($0.error.description)] }),
        ]
        if let usage {
            fields["usage"] = [
                "prompt_tokens": .number(Double(usage.promptTokens)), "completion_tokens": .number(Double(usage.completionTokens)),
                "total_tokens": .number(Double(usage.totalTokens)),
            ]
        }
        return .object(fields)
    }

    static func message(_ message: ChatMessage) -> JSONValue {
        var fields: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": message.content.map(JSONValue.string) ?? .null]
        if !message.toolCalls.isEmpty {
            fields["tool_calls"] = .array(message.toolCalls.map { call in
                ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
            })
        }
        return .object(fields)
    }

    static func models(_ settings: ChatModelSettings) -> JSONValue {
        ["models": .array(settings.models.map { model in
            [
                "name": .string(model.name), "model_id": .string(model.modelID), "provider": .string(model.provider.rawValue),
                "fallbacks": .array(model.fallbacks.map(JSONValue.string)), "default": .bool(model.name == settings.defaultModelName),
            ]
        })]
    }
}
