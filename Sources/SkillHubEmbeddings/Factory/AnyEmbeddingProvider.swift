/// Any provider, as one concrete type (what ``EmbeddingProviderFactory`` answers).
public struct AnyEmbeddingProvider: EmbeddingProvider {
    /// The provider wrapped.
    public let base: any EmbeddingProvider

    public init(_ base: any EmbeddingProvider) {
        self.base = base
    }

    public var model: String { base.model }
    public var dimensions: Int { base.dimensions }

    /// The local model when that is the provider, for its ``LocalE5Provider/state`` and shutdown.
    public var localModel: LocalE5Provider? { base as? LocalE5Provider }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        try await base.embed(texts, purpose: purpose)
    }
}

extension BatchingEmbeddingProvider where Base == AnyEmbeddingProvider {
    /// The local model when that is the provider, for its ``LocalE5Provider/state`` and shutdown.
    public var localModel: LocalE5Provider? { base.localModel }
}
