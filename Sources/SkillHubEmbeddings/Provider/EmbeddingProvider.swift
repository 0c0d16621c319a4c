/// Something that turns texts into embedding vectors: the local model or a remote service.
///
/// Every provider answers one L2-normalised vector per text, in the order of the texts, so that cosine
/// similarity is a dot product. Batches are split to `EMBEDDING_MAX_BATCH_SIZE` once, by
/// ``BatchingEmbeddingProvider`` (which ``EmbeddingProviderFactory`` puts in front of every provider),
/// not by each provider.
public protocol EmbeddingProvider: Sendable {
    /// The model's name, as stored with the vectors it computed (vectors of different models do not compare).
    var model: String { get }
    /// The dimension of the vectors.
    var dimensions: Int { get }
    /// Embeds `texts` for `purpose`.
    ///
    /// - Returns: one normalised vector per text, in order, and the tokens the provider counted.
    /// - Throws: ``EmbeddingError``.
    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult
}
