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
