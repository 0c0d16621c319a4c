/// Turns a provider's streamed body into pieces of the answer.
protocol ChatStreamDecoder: Sendable {
    /// The pieces completed by `bytes`; throws ``ChatModelError`` for garbage or an error the provider streams.
    mutating func feed(_ bytes: [UInt8]) throws(ChatModelError) -> [ChatChunk]
    /// The pieces left when the body ends.
    mutating func finish() throws(ChatModelError) -> [ChatChunk]
    /// Whether the provider marked the end of its answer (`[DONE]`, `done: true`).
    var isFinished: Bool { get }
}
