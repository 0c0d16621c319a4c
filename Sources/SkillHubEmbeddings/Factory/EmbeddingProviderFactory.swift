public import SkillHubCore

/// Makes the provider the settings choose, behind ``BatchingEmbeddingProvider``.
///
/// The server builds one at start-up and shares it:
/// ```swift
/// let transport = AsyncHTTPClientEmbeddingTransport(client: sharedHTTPClient)
/// let embeddings = EmbeddingProviderFactory.make(configuration.embeddings, transport: transport)
/// // readiness: embeddings.localModel?.state
/// ```
public enum EmbeddingProviderFactory {
    /// The provider for `settings`: the local model (loading starts in the background) or a remote service
    /// reached through `transport`, each request bounded by `timeout`.
    public static func make(
        _ settings: EmbeddingSettings,
        transport: any EmbeddingHTTPTransport,
        timeout: Duration = .seconds(60)
    ) -> BatchingEmbeddingProvider<AnyEmbeddingProvider> {
        let provider: any EmbeddingProvider
        switch settings.provider {
        case .local(let local): provider = LocalE5Provider(settings: local)
        case .openAI(let openAI): provider = OpenAIEmbeddingProvider(settings: openAI, transport: transport, timeout: timeout)
        case .ollama(let ollama): provider = OllamaEmbeddingProvider(settings: ollama, transport: transport, timeout: timeout)
        case .http(let http): provider = CozeHTTPEmbeddingProvider(settings: http, transport: transport, timeout: timeout)
        case .ark(let ark): provider = ArkEmbeddingProvider(settings: ark, transport: transport, timeout: timeout)
        case .gemini(let gemini): provider = GeminiEmbeddingProvider(settings: gemini, transport: transport, timeout: timeout)
        }
        return BatchingEmbeddingProvider(AnyEmbeddingProvider(provider), maxBatchSize: settings.maxBatchSize)
    }
}
