import Foundation
import Logging
import ServiceLifecycle
import SkillHubEmbeddings
import SkillHubStorage

/// Embeds stored chunks in the background, as a `Service` on every instance: claims a document
/// waiting for vectors (or a collection being re-embedded), embeds its chunks in batches of
/// `EMBEDDING_MAX_BATCH_SIZE`, stores each batch with the document's progress, and marks the
/// document ready when every chunk has its vector. Claims expire, so work an instance left
/// (stopped, restarted) is resumed where it was; a provider that fails is retried a few times
/// before the document fails with the reason.
public final class EmbeddingWorker: Service, Sendable {
    let jobs: EmbeddingJobRepository
    let collections: CollectionRepository
    let provider: any EmbeddingProvider
    let feed: any KnowledgeChangeAnnouncer
    let batchSize: Int
    let logger: Logger
    /// How long a claim lasts without progress before another worker may take the job over.
    let lease: Duration
    /// How long a document whose embedding failed waits before it is tried again, and how many tries it gets.
    let retryAfter: Duration
    let maximumAttempts: Int
    /// How often an idle worker looks for work it was not woken for (another instance's).
    let pollInterval: Duration
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation
    private let inFlight = DocumentsInFlight()

    public init(
        jobs: EmbeddingJobRepository, collections: CollectionRepository, provider: any EmbeddingProvider, feed: any KnowledgeChangeAnnouncer,
        batchSize: Int, lease: Duration = .seconds(60), retryAfter: Duration = .seconds(5), maximumAttempts: Int = 5,
        pollInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.lease = lease
        self.retryAfter = retryAfter
        self.maximumAttempts = maximumAttempts
        self.jobs = jobs
        self.collections = collections
        self.provider = provider
        self.feed = feed
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.logger = logger
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the worker there is new work (a document was just stored).
    public func wake() {
        wakeUp.yield()
    }

    /// Marks for re-embedding the collections embedded with another model than the provider's
    /// (`EMBEDDING_TYPE` or its model changed), then works until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.startReembeddings()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.work() }
                group.addTask { await self.poll() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func startReembeddings() async {
        do {
            let marked = try await collections.startReembeddingAll(notUsing: provider.model, dimensions: provider.dimensions)
            if marked > 0 {
                logger.info("collections to re-embed with the configured model", metadata: ["collections": "\(marked)", "model": "\(provider.model)"])
            }
        } catch {
            logger.warning("could not look for collections to re-embed; the next start will", metadata: ["error": "\(error)"])
        }
    }

    private func poll() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            wakeUp.yield()
        }
    }

    private func work() async {
        for await _ in wakeUps {
            if Task.isCancelled { return }
            // Everything there is to do now, then wait for the next wake-up.
            while !Task.isCancelled, await runOneJob() {}
        }
    }

    /// Claims and runs one job; false when there was none (or PostgreSQL is out of reach).
    func runOneJob() async -> Bool {
        var job: EmbeddingJob?
        do {
            job = try await jobs.claimDocument(model: provider.model, for: lease)
            if job == nil { job = try await jobs.claimReembedding(model: provider.model, for: lease) }
        } catch {
            logger.debug("no embedding job claimed", metadata: ["error": "\(error)"])
            return false
        }
        guard let job else { return false }
        do {
            try await tracked(job)
        } catch is CancellationError {
            return false
        } catch {
            await recordFailure(of: job, error)
        }
        return true
    }

    /// Embeds one document now, in the caller's task (a short document whose caller wants it
    /// searchable when the call returns); true when this call made it ready. A document this
    /// instance's worker is embedding already is waited for (until it is ready and in the indexes,
    /// or failed); one another instance holds, or whose embedding fails, is left to the background
    /// (the failure recorded as usual).
    public func embedNow(_ documentID: UUID) async -> Bool {
        let job: EmbeddingJob?
        do {
            job = try await jobs.claimDocument(model: provider.model, for: lease, documentID: documentID)
        } catch {
            wake()
            return false
        }
        guard let job else {
            await inFlight.waitForRun(of: documentID)
            return false
        }
        do {
            try await tracked(job)
            return true
        } catch {
            await recordFailure(of: job, error)
            wake()
            return false
        }
    }

    /// Runs `job`, a document's marked in flight meanwhile (``embedNow(_:)`` callers wait for it).
    private func tracked(_ job: EmbeddingJob) async throws {
        guard let documentID = job.documentID else { return try await run(job) }
        inFlight.begin(documentID)
        defer { inFlight.end(documentID) }
        try await run(job)
    }

    private func run(_ job: EmbeddingJob) async throws {
        while true {
            try Task.checkCancellation()
            let chunks = try await jobs.chunksWithoutVector(of: job, limit: batchSize)
            if chunks.isEmpty { break }
            let embedded = try await provider.embed(chunks.map(\.text), purpose: .passage)
            guard embedded.vectors.count == chunks.count else {
                throw EmbeddingError.badAnswer("\(embedded.vectors.count) vectors for \(chunks.count) texts")
            }
            try await jobs.store(Array(zip(chunks.map(\.id), embedded.vectors)), for: job, lease: lease)
        }
        if let documentID = job.documentID {
            if try await jobs.finishDocument(job) {
                await feed.announce(KnowledgeChange(kind: .documentReady, collectionID: job.collectionID, documentID: documentID))
            }
        } else if try await jobs.finishReembedding(job) {
            logger.info("re-embedding finished", metadata: ["collection_id": "\(job.collectionID)", "model": "\(job.model)"])
            await feed.announce(KnowledgeChange(kind: .modelSwitched, collectionID: job.collectionID))
        }
    }

    private func recordFailure(of job: EmbeddingJob, _ error: any Error) async {
        let reason = "embedding failed: \(error)"
        do {
            let failed = try await jobs.recordFailure(job, reason: reason, retryAfter: retryAfter, maximumAttempts: maximumAttempts)
            logger.warning(failed ? "a document failed" : "an embedding job will be retried", metadata: [
                "document_id": "\(job.documentID?.uuidString ?? "-")", "collection_id": "\(job.collectionID)", "error": "\(error)",
            ])
        } catch {
            logger.warning("could not record an embedding failure", metadata: ["error": "\(error)"])
        }
    }
}
