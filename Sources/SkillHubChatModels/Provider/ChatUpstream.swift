internal import NIOConcurrencyHelpers
internal import SkillHubCore

/// What both providers share: sending through the transport, the timeouts, mapping failures to ``ChatModelError``,
/// and pumping a streamed body through a decoder to the consumer's callback.
struct ChatUpstream: Sendable {
    /// The model's name, for errors.
    let name: String
    let timeout: Duration
    let transport: any ChatHTTPTransport

    /// POSTs `request` and decodes the whole 2xx answer; the whole exchange must finish within the timeout.
    func complete(_ request: ChatHTTPRequest, decode: @escaping @Sendable ([UInt8]) throws(ChatModelError) -> ChatCompletion) async throws -> ChatCompletion {
        let (name, timeout, transport) = (name, timeout, transport)
        do {
            return try await withTimeout(timeout, operation: "the answer of model '\(name)'") {
                let response = try await transport.stream(request, timeout: timeout)
                guard (200..<300).contains(response.status) else {
                    throw Self.statusError(response.status, body: try await response.body.collect(upTo: 64 << 10), model: name)
                }
                return try decode(try await response.body.collect(upTo: 32 << 20))
            }
        } catch {
            throw mapped(error, began: false)
        }
    }

    /// POSTs `request` and passes the decoded pieces of a 2xx answer to `onChunk` as they arrive, in the task that
    /// reads the connection (no hand-off between tasks per piece); returns once the answer is whole. Cancelling the
    /// calling task cancels the request; a stream that finished is read to its end, so the connection can be reused.
    func stream(
        _ request: ChatHTTPRequest, decoder: some ChatStreamDecoder, whole: (@Sendable ([UInt8]) throws(ChatModelError) -> ChatCompletion)? = nil,
        onChunk: @escaping @Sendable (ChatChunk) -> Void
    ) async throws {
        let state = NIOLockedValueBox(PumpState(lastActivity: .now, began: false))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await pump(request, decoder: decoder, whole: whole, state: state, onChunk: onChunk)
                }
                group.addTask {
                    try await watch(state)
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            throw mapped(error, began: state.withLockedValue(\.began))
        }
        // A cancelled caller ends the read quietly: say so, rather than pass a cut answer as whole.
        try Task.checkCancellation()
    }

    private struct PumpState {
        var lastActivity: ContinuousClock.Instant
        var began: Bool
    }

    private func pump(
        _ request: ChatHTTPRequest, decoder: some ChatStreamDecoder, whole: (@Sendable ([UInt8]) throws(ChatModelError) -> ChatCompletion)?,
        state: NIOLockedValueBox<PumpState>, onChunk: @Sendable (ChatChunk) -> Void
    ) async throws {
        var decoder = decoder
        let response = try await transport.stream(request, timeout: timeout)
        guard (200..<300).contains(response.status) else {
            throw Self.statusError(response.status, body: try await response.body.collect(upTo: 64 << 10), model: name)
        }
        func deliver(_ chunks: [ChatChunk]) {
            for chunk in chunks {
                if chunk.beginsAnswer { state.withLockedValue { $0.began = true } }
                onChunk(chunk)
            }
        }
        // A server that ignores `stream: true` answers one JSON document.
        if let whole, response.headers["content-type"]?.lowercased().contains("application/json") == true {
            let completion = try whole(try await response.body.collect(upTo: 32 << 20))
            deliver([ChatChunk(
                content: completion.message.content ?? "", role: .assistant,
                toolCalls: completion.message.toolCalls.enumerated().map { ChatToolCallDelta(index: $0.offset, id: $0.element.id, name: $0.element.name, arguments: $0.element.arguments) },
                finishReason: completion.finishReason ?? .stop, usage: completion.usage
            )])
            return
        }
        var body = response.body.makeAsyncIterator()
        while let piece = try await body.next() {
            state.withLockedValue { $0.lastActivity = .now }
            deliver(try decoder.feed(piece))
            if decoder.isFinished {
                while (try? await body.next()) ?? nil != nil {}
                return
            }
        }
        deliver(try decoder.finish())
        if !decoder.isFinished {
            throw ChatHTTPTransportError.connectionLost("the stream ended before the answer was complete")
        }
    }

    /// Throws a timeout when the stream stays silent longer than the timeout.
    private func watch(_ state: NIOLockedValueBox<PumpState>) async throws {
        while true {
            let deadline = state.withLockedValue(\.lastActivity) + timeout
            if deadline <= .now {
                throw ChatModelError.timeout(model: name, reason: "no answer for \(timeout)")
            }
            try await Task.sleep(until: deadline, clock: .continuous)
        }
    }

    /// Any failure as a ``ChatModelError``; after the answer began, as ``ChatModelError/interrupted(model:reason:)``.
    func mapped(_ error: any Error, began: Bool) -> any Error {
        let mapped: any Error
        switch error {
        case is CancellationError:
            return error
        case let error as ChatModelError:
            mapped = error
        case let error as ChatHTTPTransportError:
            switch error {
            case .unreachable(let reason), .connectionLost(let reason): mapped = ChatModelError.unreachable(model: name, reason: reason)
            case .timeout(let reason): mapped = ChatModelError.timeout(model: name, reason: reason)
            case .tooLarge(let reason): mapped = ChatModelError.badAnswer(model: name, reason: reason)
            }
        case let error as TimeoutError:
            mapped = ChatModelError.timeout(model: name, reason: "no whole answer within \(error.timeout)")
        default:
            mapped = ChatModelError.unreachable(model: name, reason: "\(error)")
        }
        guard began, let chatError = mapped as? ChatModelError else { return mapped }
        switch chatError {
        case .interrupted, .unknownModel, .invalidRequest, .allModelsFailed: return chatError
        default: return ChatModelError.interrupted(model: name, reason: Self.reason(of: chatError))
        }
    }

    private static func reason(of error: ChatModelError) -> String {
        switch error {
        case .unreachable(_, let reason), .timeout(_, let reason), .badAnswer(_, let reason), .interrupted(_, let reason): reason
        case .upstream(_, let status, let message): "\(status): \(message)"
        default: "\(error)"
        }
    }

    /// A non-2xx answer with the provider's message.
    static func statusError(_ status: Int, body: [UInt8], model: String) -> ChatModelError {
        .upstream(model: model, status: status, message: message(in: body))
    }

    /// The message of an error answer: `error.message` (OpenAI), `error` (Ollama), `message`, `detail`, or the text.
    static func message(in body: [UInt8]) -> String {
        if let value = try? JSONValue(parsing: body) {
            if let message = value["error"]?["message"]?.stringValue { return message }
            if let message = value["error"]?.stringValue { return message }
            if let message = value["message"]?.stringValue ?? value["detail"]?.stringValue { return message }
        }
        return body.isEmpty ? "(empty body)" : excerpt(body)
    }

    /// At most 200 bytes of `body` as text.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.count > 200 ? text + "…" : text
    }

    /// `body` parsed as JSON, or a bad answer quoting it.
    static func json(_ body: [UInt8], model: String) throws(ChatModelError) -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch {
            throw .badAnswer(model: model, reason: "not JSON: \(excerpt(body))")
        }
    }
}
