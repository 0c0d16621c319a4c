import SkillHubCore

/// A dispatcher call whose answer streams, started before its response: the first piece (or the
/// end) is awaited, so a call refused before anything streamed for want of capacity is answered as
/// an ordinary 429 with `Retry-After` instead of a stream that opens on an error. Once the
/// response's events are no longer read (its client went away, or the writing task is cancelled),
/// the call is cancelled.
struct StreamedCall: Sendable {
    enum Event: Sendable {
        /// A piece of the answer, as the skill streamed it.
        case chunk([UInt8])
        /// The call's end: its outcome or its failure.
        case finished(Result<Dispatcher.Outcome, any Error>)
    }

    /// The first events, already taken.
    private let first: [Event]
    private let rest: StreamedCallEvents
    private let task: Task<Void, Never>

    /// Starts `call`; returns once its first event is there. Throws the failure of a call that
    /// ended with a 429 before streaming anything.
    static func start(_ dispatcher: Dispatcher, _ target: Dispatcher.Target, _ call: Dispatcher.Request) async throws -> StreamedCall {
        let events = StreamedCallEvents()
        var call = call
        call.onChunk = { events.post(.chunk($0)) }
        let task = Task { [call] in
            let result = await Result { try await dispatcher.call(target, call) }
            events.post(.finished(result))
            events.close()
        }
        let first = await withTaskCancellationHandler { await events.take() } onCancel: { task.cancel() }
        if case .finished(.failure(let error as SkillHubError))? = first.first, error.code == .rateLimited {
            throw error
        }
        return StreamedCall(first: first, rest: events, task: task)
    }

    /// Passes the events, the first included, to `body` in order, in batches: every event that
    /// came while `body` was busy with the previous batch comes in the next. Call it once.
    /// Cancelling the task that reads, or a `body` that throws, cancels the call.
    func forEachBatch(_ body: ([Event]) async throws -> Void) async throws {
        defer { task.cancel() }
        var batch = first
        while !batch.isEmpty {
            try await body(batch)
            batch = await rest.take()
        }
    }
}
