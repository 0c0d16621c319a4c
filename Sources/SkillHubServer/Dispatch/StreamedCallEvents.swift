import NIOConcurrencyHelpers

/// The events of a ``StreamedCall`` between the task that runs the call and the one that writes
/// its response: the runner posts each event as it comes (never waiting), the writer takes all
/// that have come since it last looked, in order. A writer that is busy writing thus finds the
/// pieces that arrived meanwhile together and sends them in one write, while a piece that comes
/// alone is handed over at once.
final class StreamedCallEvents: Sendable {
    private struct State {
        var events: [StreamedCall.Event] = []
        var isClosed = false
        var waiter: CheckedContinuation<[StreamedCall.Event], Never>?
    }

    private let state = NIOLockedValueBox(State())

    /// Adds an event; ignored once closed.
    func post(_ event: StreamedCall.Event) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<[StreamedCall.Event], Never>? in
            guard !state.isClosed else { return nil }
            guard let waiter = state.waiter else {
                state.events.append(event)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: [event])
    }

    /// No more events: a waiting ``take()`` returns what is left (nothing: the end).
    func close() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<[StreamedCall.Event], Never>? in
            state.isClosed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: [])
    }

    /// The events posted since the last take, waiting for one if there is none; empty once closed
    /// and drained, or when the taking task is cancelled. One taker at a time.
    func take() async -> [StreamedCall.Event] {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLockedValue { state -> [StreamedCall.Event]? in
                    if !state.events.isEmpty {
                        defer { state.events.removeAll(keepingCapacity: true) }
                        return state.events
                    }
                    if state.isClosed || Task.isCancelled { return [] }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            close()
        }
    }
}
