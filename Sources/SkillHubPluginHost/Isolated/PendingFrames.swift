import NIOConcurrencyHelpers

/// Requests sent across the plugin-host socket that wait for their answer
/// frame, by id. An answer may arrive before its requester starts waiting;
/// a connection that breaks fails every request still waiting.
final class PendingFrames: Sendable {
    typealias ChunkHandler = @Sendable ([UInt8]) -> Void

    private enum Slot {
        case registered(ChunkHandler?)
        case waiting(CheckedContinuation<IsolatedFrame, any Error>, ChunkHandler?)
        case arrived(Result<IsolatedFrame, any Error>)
    }

    private struct State {
        var nextID: UInt64 = 1
        var slots: [UInt64: Slot] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// A new request id, registered so that its answer is kept until ``answer(to:)`` asks.
    func register(onChunk: ChunkHandler? = nil) -> UInt64 {
        state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.slots[id] = .registered(onChunk)
            return id
        }
    }

    /// Waits for the answer to request `id`.
    func answer(to id: UInt64) async throws -> IsolatedFrame {
        try await withCheckedThrowingContinuation { continuation in
            let arrived: Result<IsolatedFrame, any Error>? = state.withLockedValue { state in
                switch state.slots[id] {
                case .registered(let onChunk):
                    state.slots[id] = .waiting(continuation, onChunk)
                    return nil
                case .arrived(let result):
                    state.slots[id] = nil
                    return result
                case .waiting, nil:
                    return .failure(IsolatedProtocolError("a second wait for request \(id)"))
                }
            }
            if let arrived { continuation.resume(with: arrived) }
        }
    }

    /// Waits for the answer to request `id`, as ``answer(to:)``; when the waiting task is
    /// cancelled, the request ends at once with ``PluginStatus/cancelled`` and `onCancel` tells
    /// the other side (with a `cancel` frame).
    func answer(to id: UInt64, onCancel: @escaping @Sendable () -> Void) async throws -> IsolatedFrame {
        try await withTaskCancellationHandler {
            try await answer(to: id)
        } onCancel: {
            finish(id, with: .failure(PluginCallError(status: .cancelled, message: "the caller went away")))
            onCancel()
        }
    }

    /// Ends request `id` with `result`; false when nothing waits for it any more.
    @discardableResult
    func finish(_ id: UInt64, with result: Result<IsolatedFrame, any Error>) -> Bool {
        let continuation: CheckedContinuation<IsolatedFrame, any Error>? = state.withLockedValue { state in
            switch state.slots[id] {
            case .registered:
                state.slots[id] = .arrived(result)
                return nil
            case .waiting(let continuation, _):
                state.slots[id] = nil
                return continuation
            case .arrived, nil:
                return nil
            }
        }
        continuation?.resume(with: result)
        return continuation != nil
    }

    /// Passes a chunk of request `id`'s streaming answer on.
    func chunk(_ id: UInt64, _ bytes: [UInt8]) {
        let handler: ChunkHandler? = state.withLockedValue { state in
            switch state.slots[id] {
            case .registered(let handler), .waiting(_, let handler): handler
            default: nil
            }
        }
        handler?(bytes)
    }

    /// Fails every request still open.
    func failAll(_ error: any Error) {
        let ids = state.withLockedValue { Array($0.slots.keys) }
        for id in ids { finish(id, with: .failure(error)) }
    }
}
