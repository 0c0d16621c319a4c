import Foundation
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import SkillHubCore

/// One client's chat WebSocket: reads its frames, answers one message at a time through
/// ``SessionChat`` (the session is the client id unless the message names one), streaming the
/// answer as `chunk` frames. A message while a generation runs is refused (`busy`); `cancel` stops
/// the generation; closing the socket cancels it too — the skill's call ends, and with it the
/// model's request upstream. An idle socket holds no task but its reader.
struct ChatSocketConnection: Sendable {
    let chat: SessionChat
    let clientID: String
    let principal: Principal
    let maxMessageBytes: Int

    /// Serves the socket until its client closes it; a protocol failure (a message over the size
    /// limit, say) is rethrown, for the socket to close with its code.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        let generation = ChatSocketGeneration()
        var running: Task<Void, Never>?
        var failure: (any Error)?
        do {
            for try await message in inbound.messages(maxSize: maxMessageBytes) {
                switch ChatSocketFrames.parse(message, sessionID: clientID) {
                case .ping:
                    try await outbound.write(.text(ChatSocketFrames.pong))
                case .cancel:
                    generation.cancel()
                case .invalid(let reason):
                    try await outbound.write(.text(ChatSocketFrames.error(SkillHubError(.invalidParameter, reason), code: "invalid_message")))
                case .message(let message):
                    let messageID = UUID().lowercasedString
                    guard generation.begin() else {
                        let busy = SkillHubError(.conflict, "a message is being answered on this socket: wait for its complete frame, or send {\"type\": \"cancel\"}")
                        try await outbound.write(.text(ChatSocketFrames.error(busy, code: "busy")))
                        continue
                    }
                    running = Task { await answer(message, id: messageID, generation: generation, outbound: outbound, logger: logger) }
                }
            }
        } catch {
            logger.debug("chat socket failed", metadata: ["client_id": "\(clientID)", "error": "\(error)"])
            failure = error
        }
        // The socket is gone: the generation is cancelled, and its call has ended when this returns.
        generation.cancel()
        await running?.value
        if let failure { throw failure }
    }

    /// Answers one message: `start`, the pieces as `chunk`s, then `complete`, `cancelled` or `error`.
    private func answer(_ message: SessionChat.Message, id messageID: String, generation: ChatSocketGeneration, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let (frames, sink) = AsyncStream.makeStream(of: String.self)
        // Frames go out in order from one writer, which a `cancel` does not stop.
        async let written: Void = {
            for await frame in frames { try? await outbound.write(.text(frame)) }
        }()
        sink.yield(ChatSocketFrames.start(messageID: messageID, sessionID: message.sessionID, clientID: clientID))
        let call = Task { [chat, principal] in
            try await chat.send(message, principal: principal, requestID: messageID) { piece in
                if let frame = ChatSocketFrames.chunk(piece, messageID: messageID) { sink.yield(frame) }
            }
        }
        let result = await generation.run(call)
        let last: String
        switch result {
        case .success(let outcome):
            last = ChatSocketFrames.complete(outcome.output, messageID: messageID, sessionID: message.sessionID)
        case .failure where generation.wasCancelled:
            last = ChatSocketFrames.cancelled(messageID: messageID)
        case .failure(let error):
            let failure = error as? SkillHubError ?? SkillHubError(.internalError, "the answer failed; quote message id \(messageID) when reporting it")
            if failure.code == .internalError { logger.error("chat socket answer failed", metadata: ["message_id": "\(messageID)", "error": "\(String(reflecting: error))"]) }
            last = ChatSocketFrames.error(failure, messageID: messageID)
        }
        // The socket takes the next message from here on: its client sees the last frame after this.
        generation.end()
        sink.yield(last)
        sink.finish()
        await written
    }
}

/// The generation of a chat socket: at most one at a time, and its call, to cancel.
final class ChatSocketGeneration: Sendable {
    private struct State {
        var busy = false
        var call: Task<Dispatcher.Outcome, any Error>?
        var cancelled = false
    }

    private let state = NIOLockedValueBox(State())

    /// Takes the socket for a generation; false while one runs.
    func begin() -> Bool {
        state.withLockedValue { state in
            guard !state.busy else { return false }
            state = State(busy: true)
            return true
        }
    }

    /// Waits for `call`, cancelling it if the generation is (or was already) cancelled.
    func run(_ call: Task<Dispatcher.Outcome, any Error>) async -> Result<Dispatcher.Outcome, any Error> {
        let cancelled = state.withLockedValue { state in
            state.call = call
            return state.cancelled
        }
        if cancelled { call.cancel() }
        return await call.result
    }

    /// Whether the running generation was cancelled.
    var wasCancelled: Bool { state.withLockedValue { $0.cancelled } }

    /// Cancels the running generation, if any.
    func cancel() {
        let call = state.withLockedValue { state -> Task<Dispatcher.Outcome, any Error>? in
            guard state.busy else { return nil }
            state.cancelled = true
            return state.call
        }
        call?.cancel()
    }

    /// Frees the socket for the next message.
    func end() {
        state.withLockedValue { $0 = State() }
    }
}
