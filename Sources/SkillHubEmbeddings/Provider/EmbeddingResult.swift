/// The answer to ``EmbeddingProvider/embed(_:purpose:)``.
public struct EmbeddingResult: Sendable, Equatable {
    /// One L2-normalised vector per text, in the order of the texts.
    public var vectors: [[Float]]
    /// The tokens the provider counted for the texts (0 when a provider does not say).
    public var promptTokens: Int

    public init(vectors: [[Float]], promptTokens: Int) {
        self.vectors = vectors
        self.promptTokens = promptTokens
    }
}
