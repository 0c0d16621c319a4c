import SkillHubCore

/// A dispatcher call whose answer streams, started before its response: the first piece (or the
/// end) is awaited, so a call refused before anything streamed for want of capacity is answered as
/// an ordinary 429 with `Retry-After` instead of a stream that opens on an error. Once the
/// response's events are no longer read (its client went away), the call is cancelled.
struct StreamedCall: Sendable {
    enum Event: Sendable {
        /// A piece of the answer, as the skill streamed it.
        case chunk([UInt8])
        /// The call's end: its outcome or its failure.
        case finished(Result<Dispatcher.Outcome, any Error>)
    }

    /// The first event, already read.
    private let first: Event?
    private let rest: AsyncStream<Event>

    /// Starts `call`; returns once its first event is there. Throws the failure of a call that
    /// ended with a 429 before streaming anything.
    static func start(_ dispatcher: Dispatcher, _ target: Dispatcher.Target, _ call: Dispatcher.Request) async throws -> StreamedCall {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        var call = call
        call.onChunk = { continuation.yield(.chunk($0)) }
        let task = Task { [call] in
            let result = await Result { try await dispatcher.call(target, call) }
            continuation.yield(.finished(result))
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        var iterator = events.makeAsyncIterator()
        let first = await iterator.next()
        if case .finished(.failure(let error as SkillHubError))? = first, error.code == .rateLimited {
            throw error
        }
        return StreamedCall(first: first, rest: events)
    }

    /// Passes every event, the first included, to `body` in order; call it once. Cancelling the
    /// task that reads cancels the call.
    func forEach(_ body: (Event) async -> Void) async {
        if let first { await body(first) }
        for await event in rest { await body(event) }
    }
}
