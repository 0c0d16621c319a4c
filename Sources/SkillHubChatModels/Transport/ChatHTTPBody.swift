/// The body of a streamed answer as it arrives, in the pieces the connection delivers.
///
/// Iterate it once. Dropping the iterator or cancelling the iterating task stops reading, and a transport over a
/// connection should close it (AsyncHTTPClient does).
public struct ChatHTTPBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = any Error

    private let makeNext: @Sendable () -> () async throws -> [UInt8]?

    /// A body read from `base`, each element turned into bytes, errors mapped by `mapError`.
    public init<Base: AsyncSequence & Sendable>(
        _ base: Base, transform: @escaping @Sendable (Base.Element) -> [UInt8], mapError: @escaping @Sendable (any Error) -> any Error = { $0 }
    ) {
        makeNext = {
            var iterator = base.makeAsyncIterator()
            return {
                do {
                    return try await iterator.next().map(transform)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    throw mapError(error)
                }
            }
        }
    }

    /// A body of the given pieces (for tests and answers read whole).
    public init(pieces: [[UInt8]]) {
        self.init(AsyncPieces(pieces: pieces), transform: { $0 })
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(nextPiece: makeNext())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextPiece: () async throws -> [UInt8]?

        public mutating func next() async throws -> [UInt8]? {
            try await nextPiece()
        }
    }

    /// Collects the whole body, at most `limit` bytes (the rest is dropped).
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await piece in self {
            bytes += piece.prefix(limit - bytes.count)
            if bytes.count >= limit { break }
        }
        return bytes
    }
}

private struct AsyncPieces: AsyncSequence, Sendable {
    let pieces: [[UInt8]]

    func makeAsyncIterator() -> Iterator { Iterator(pieces: pieces[...]) }

    struct Iterator: AsyncIteratorProtocol {
        var pieces: ArraySlice<[UInt8]>
        mutating func next() async throws -> [UInt8]? { pieces.popFirst() }
    }
}
