internal import NIOConcurrencyHelpers

/// The start of one model's streamed answer: its pieces are held back until one begins the answer
/// (``ChatChunk/beginsAnswer``), then passed on with it, and every later piece at once.
final class ChatStreamOpening: Sendable {
    private let onChunk: @Sendable (ChatChunk) -> Void
    /// The pieces held back, or nil once the answer has begun.
    private let held = NIOLockedValueBox<[ChatChunk]?>([])

    init(_ onChunk: @escaping @Sendable (ChatChunk) -> Void) {
        self.onChunk = onChunk
    }

    /// Whether a piece has begun the answer (after which the model is never replaced).
    var hasBegun: Bool { held.withLockedValue { $0 == nil } }

    func pass(_ chunk: ChatChunk) {
        let ready = held.withLockedValue { held -> [ChatChunk] in
            guard var pieces = held else { return [chunk] }
            pieces.append(chunk)
            guard chunk.beginsAnswer else {
                held = pieces
                return []
            }
            held = nil
            return pieces
        }
        for piece in ready { onChunk(piece) }
    }

    /// Passes on what is still held back: the pieces of an answer that ended without beginning.
    func end() {
        let rest = held.withLockedValue { held -> [ChatChunk] in
            defer { held = nil }
            return held ?? []
        }
        for piece in rest { onChunk(piece) }
    }
}
