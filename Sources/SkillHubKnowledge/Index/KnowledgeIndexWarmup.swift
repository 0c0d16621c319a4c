import Foundation
import Logging
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Loads every collection's in-memory indexes in the background after start-up, so that no query
/// pays for loading them: the term index of each collection, and its vector index when the
/// collection serves the embedding provider's model (as a query would). One collection at a time,
/// each complete (graph included) before the next, so start-up does not take every core.
///
/// Each load goes through the indexes' load-once entries: a query arriving meanwhile waits for the
/// same load instead of starting a second. A collection that fails is logged and left to load on
/// its first query, as before the warm-up. Covers every collection of the store, whichever plugin
/// made it: the memory skill's `memories` collections too.
public struct KnowledgeIndexWarmup: Service {
    let collections: CollectionRepository
    let terms: any FullTextSearching
    let vectors: any VectorSearching
    /// The model queries are embedded with: only collections serving it need a vector index.
    let model: String
    /// For `/api/health`.
    public let progress = IndexWarmupProgress()
    let logger: Logger
    /// One element per warm-up to run: the first at start-up, then one per ``warmAgain()``.
    private let rounds: AsyncStream<Void>
    private let nextRound: AsyncStream<Void>.Continuation

    /// - Parameters:
    ///   - terms: the full-text channel, loaded for every collection.
    ///   - vectors: the vector channel, loaded for the collections that serve `model`.
    public init(
        collections: CollectionRepository, terms: any FullTextSearching, vectors: any VectorSearching, model: String, logger: Logger
    ) {
        self.collections = collections
        self.terms = terms
        self.vectors = vectors
        self.model = model
        self.logger = logger
        (rounds, nextRound) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        nextRound.yield()
    }

    /// Loads every collection's indexes again, after the current round if one runs: the indexes
    /// were dropped (the change feed's subscription was lost and came back, so a change may have
    /// been missed), and the first queries should not pay for their loads.
    public func warmAgain() {
        nextRound.yield()
    }

    /// Loads the indexes in the background (again on each ``warmAgain()``), then waits for shutdown (a service that returns would
    /// stop the server). Shutdown cancels the loads without waiting for them: a load is shared with
    /// the queries that wait on it and cannot be abandoned half way, and one stuck on an unreachable
    /// PostgreSQL must not hold the services after this one (the database among them) from stopping.
    public func run() async throws {
        let warming = Task { [rounds] in
            for await _ in rounds { await warm() }
        }
        try? await gracefulShutdown()
        nextRound.finish()
        warming.cancel()
    }

    /// Loads every collection's indexes, one collection after the other, until done or cancelled.
    func warm() async {
        let started = ContinuousClock.now
        let handles: [CollectionHandle]
        do {
            handles = try await collections.allHandles()
        } catch {
            logger.warning("could not list the collections to load their indexes; they load on first query", metadata: ["error": "\(error)"])
            progress.abandoned(String(describing: error))
            return
        }
        progress.started(total: handles.count)
        var failures: [String] = []
        for (done, handle) in handles.enumerated() {
            if Task.isCancelled { return }
            do {
                try await terms.preload(handle)
                if handle.servesVectors(of: model) { try await vectors.preload(handle) }
            } catch let error as DatabaseUnavailableError {
                // Every other collection would wait for PostgreSQL in turn: they load on first query instead.
                logger.warning("PostgreSQL is unreachable: the remaining indexes load on their first query", metadata: ["error": "\(error)"])
                progress.abandoned(String(describing: error))
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("could not load a collection's indexes; they load on its first query", metadata: [
                    "collection_id": "\(handle.id.lowercasedString)", "error": "\(error)",
                ])
                failures.append("\(handle.id.lowercasedString): \(error)")
            }
            progress.advanced(done: done + 1, total: handles.count)
        }
        progress.finished(total: handles.count, failures: failures)
        logger.info("knowledge indexes loaded", metadata: [
            "collections": "\(handles.count)", "failed": "\(failures.count)", "seconds": "\((ContinuousClock.now - started).inSeconds)",
        ])
    }
}
