/// A streamed answer from ``ChatRouter``: which model answers, which failed before it, and the pieces.
///
/// It is handed out once the answer has begun (its first text, tool call or end), so the model is known before the
/// first piece is read. Iterate it once, in the task that got it; cancelling that task cancels the upstream request
/// and the iteration throws `CancellationError`.
public struct ChatStream: AsyncSequence {
    public typealias Element = ChatChunk
    public typealias Failure = any Error

    /// The name of the model that answers.
    public let model: String
    /// The provider's model id.
    public let modelID: String
    /// The models tried before it, and why each failed.
    public let failedAttempts: [ChatModelAttempt]

    private let received: [ChatChunk]
    private let rest: AsyncThrowingStream<ChatChunk, any Error>.AsyncIterator

    init(model: String, modelID: String, failedAttempts: [ChatModelAttempt], received: [ChatChunk], rest: AsyncThrowingStream<ChatChunk, any Error>.AsyncIterator) {
        self.model = model
        self.modelID = modelID
        self.failedAttempts = failedAttempts
        self.received = received
        self.rest = rest
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(received: received[...], rest: rest)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var received: ArraySlice<ChatChunk>
        var rest: AsyncThrowingStream<ChatChunk, any Error>.AsyncIterator

        public mutating func next() async throws -> ChatChunk? {
            if let chunk = received.popFirst() { return chunk }
            guard let chunk = try await rest.next() else {
                // A cancelled task ends the upstream stream quietly: say so, rather than pass a cut answer as whole.
                try Task.checkCancellation()
                return nil
            }
            return chunk
        }
    }
}
