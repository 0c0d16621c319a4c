internal import NIOPosix

/// A dedicated thread that runs the engine's blocking calls one after another, fed through a first-in first-out
/// queue and answering each caller through a continuation: the model never runs on an event loop or the Swift
/// cooperative pool. Each job first bounds the OpenMP threads of its parallel regions (a per-thread setting).
final class EmbeddingLane: Sendable {
    /// `query` or `ingestion`, for messages.
    let name: String
    /// The OpenMP threads each job may use.
    let threads: Int
    private let pool: NIOThreadPool

    init(name: String, threads: Int) {
        self.name = name
        self.threads = max(1, threads)
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    /// Runs `body` on the lane's thread once the jobs queued before it are done.
    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        do {
            return try await pool.runIfActive(body)
        } catch let error as EmbeddingError {
            throw error
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw EmbeddingError.unavailable("the local model's \(name) lane is shut down")
        }
    }

    /// Stops the thread after the queued jobs.
    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}
