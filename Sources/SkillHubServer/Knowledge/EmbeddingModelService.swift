import ServiceLifecycle
import SkillHubEmbeddings

/// Stops the local embedding model's threads at graceful shutdown (after the services that
/// embed: it starts before them). A remote provider has nothing to stop.
struct EmbeddingModelService: Service {
    let localModel: LocalE5Provider?

    func run() async throws {
        try? await gracefulShutdown()
        await localModel?.shutdown()
    }
}

extension BatchingEmbeddingProvider where Base == AnyEmbeddingProvider {
    /// For `/api/health`: the local model's state (`healthy`, `loading`, `unhealthy: reason`), or
    /// `remote` for a provider reached over HTTP (asked only when used).
    var healthState: String {
        guard let local = localModel else { return "remote" }
        return switch local.state {
        case .ready: "healthy"
        case .loading: "loading"
        case .failed(let reason): "unhealthy: \(reason)"
        }
    }
}
