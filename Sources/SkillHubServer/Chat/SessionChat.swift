import SkillHubCore

/// One message to the `chat` skill's `complete` in a session the host keeps, dispatched with the
/// session id as the routing key: a chat skill served by remote workers (registered with
/// `routing_strategy: consistent_hash`) keeps a session on one of them and moves it when that
/// worker dies — the history is SkillHub's. Seed 002's `POST /api/chat` and seed 003's WebSocket
/// both speak through it.
struct SessionChat: Sendable {
    let dispatcher: Dispatcher

    /// What the caller says, and where.
    struct Message: Sendable, Equatable {
        var sessionID: String
        var content: String
        /// A model name (`MODEL_NAME_N`); the session's or the default otherwise.
        var model: String?
        /// A system prompt for this message; the session's otherwise.
        var system: String?
    }

    /// Sends `message` as `principal`; `onChunk` receives the answer's pieces (`{"delta", …}`) as
    /// they are generated, and without it the answer comes whole.
    func send(
        _ message: Message, principal: Principal, requestID: String, traceHeaders: [(name: String, value: String)] = [],
        onChunk: (@Sendable ([UInt8]) -> Void)? = nil
    ) async throws -> Dispatcher.Outcome {
        var input: [String: JSONValue] = ["session_id": .string(message.sessionID), "message": .string(message.content)]
        if let model = message.model { input["model"] = .string(model) }
        if let system = message.system { input["system"] = .string(system) }
        return try await dispatcher.dispatch(
            Dispatcher.Request(
                skill: ChatCompletionsController.skill, capability: "complete", input: .object(input), sessionID: message.sessionID,
                requestID: requestID, traceHeaders: traceHeaders, inputField: "", platformOnly: true, onChunk: onChunk
            ),
            principal: principal
        )
    }
}
