/// Puts input checks and batching in front of a provider, once for all of them: rejects an empty list, empty
/// texts, texts with NUL characters and texts longer than ``maximumTextBytes``; sends at most ``maxBatchSize``
/// texts per call, one call after another; checks that each answer has one vector of ``dimensions`` per text.
public struct BatchingEmbeddingProvider<Base: EmbeddingProvider>: EmbeddingProvider {
    /// The provider called.
    public let base: Base
    /// The most texts in one call to ``base`` (`EMBEDDING_MAX_BATCH_SIZE`).
    public let maxBatchSize: Int
    /// The longest text accepted, in UTF-8 bytes.
    public let maximumTextBytes: Int

    /// The default of ``maximumTextBytes``: 256 KiB, far more than any chunk.
    public static var defaultMaximumTextBytes: Int { 256 << 10 }

    public init(_ base: Base, maxBatchSize: Int, maximumTextBytes: Int = Self.defaultMaximumTextBytes) {
        self.base = base
        self.maxBatchSize = max(1, maxBatchSize)
        self.maximumTextBytes = max(1, maximumTextBytes)
    }

    public var model: String { base.model }
    public var dimensions: Int { base.dimensions }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        try check(texts)
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var promptTokens = 0
        var start = 0
        while start < texts.count {
            try Task.checkCancellation()
            let end = min(start + maxBatchSize, texts.count)
            let batch = Array(texts[start..<end])
            let result = try await base.embed(batch, purpose: purpose)
            guard result.vectors.count == batch.count else {
                throw EmbeddingError.badAnswer("\(base.model) answered \(result.vectors.count) vectors for \(batch.count) texts")
            }
            let dimensions = base.dimensions
            if let wrong = result.vectors.first(where: { $0.count != dimensions }) {
                throw EmbeddingError.badAnswer("\(base.model) answered a vector of \(wrong.count) dimensions; expected \(dimensions)")
            }
            vectors += result.vectors
            promptTokens += result.promptTokens
            start = end
        }
        return EmbeddingResult(vectors: vectors, promptTokens: promptTokens)
    }

    /// Throws ``EmbeddingError/invalidInput(_:)`` naming the first bad text.
    public func check(_ texts: [String]) throws(EmbeddingError) {
        guard !texts.isEmpty else { throw .invalidInput("no texts to embed") }
        for (index, text) in texts.enumerated() {
            let bytes = text.utf8.count
            if bytes == 0 { throw .invalidInput("text \(index) is empty") }
            if bytes > maximumTextBytes { throw .invalidInput("text \(index) is \(bytes) bytes; at most \(maximumTextBytes) are accepted") }
            if text.utf8.contains(0) { throw .invalidInput("text \(index) contains a NUL character") }
        }
    }
}
