import Foundation
import Logging
import SkillHubCore
import SkillHubStorage
import SkillHubVectorIndex

/// The in-memory vector indexes of this instance, one per collection and served model, built
/// from PostgreSQL after start-up (``KnowledgeIndexWarmup``) or on first use, whichever comes
/// first, and kept current by the ``KnowledgeChange``s of this and the other instances. Holds only
/// ready documents' vectors.
public final class VectorIndexCache: Sendable {
    private struct Key: Hashable {
        var collectionID: UUID
        var model: String
    }

    private let jobs: EmbeddingJobRepository
    private let logger: Logger
    private let indexes = IndexLoads<Key, VectorIndex>()

    public init(jobs: EmbeddingJobRepository, logger: Logger) {
        self.jobs = jobs
        self.logger = logger
    }

    /// The index of the collection's served model, loading it once however many ask at the same time.
    public func index(for collection: CollectionHandle) async throws -> VectorIndex {
        try await indexes.index(for: Key(collectionID: collection.id, model: collection.model)) { [jobs, logger] in
            let started = ContinuousClock.now
            let vectors = try await jobs.vectors(collectionID: collection.id, model: collection.model)
            let index = try VectorIndex(dimensions: collection.dimensions)
            try index.insert(contentsOf: vectors)
            logger.info("vector index loaded", metadata: [
                "collection_id": "\(collection.id.lowercasedString)", "vectors": "\(vectors.count)",
                "seconds": "\((ContinuousClock.now - started).inSeconds)",
            ])
            return index
        }
    }

    /// Applies a change: a ready document's vectors are added to a loaded index, deleted chunks
    /// removed, a deleted or re-embedded collection's index dropped (the next query loads it).
    public func apply(_ change: KnowledgeChange) async {
        switch change.kind {
        case .documentReady:
            guard let documentID = change.documentID else { return }
            for (key, index) in await indexes.loaded(where: { $0.collectionID == change.collectionID }) {
                do {
                    for (id, vector) in try await jobs.vectors(collectionID: key.collectionID, model: key.model, documentID: documentID) {
                        try index.insert(id: id, vector: vector)
                    }
                } catch {
                    logger.warning("could not add a document's vectors to the index; reloading it", metadata: ["error": "\(error)"])
                    drop(change.collectionID)
                }
            }
        case .chunksDeleted:
            for (_, index) in await indexes.loaded(where: { $0.collectionID == change.collectionID }) {
                for id in change.chunkIDs { _ = index.remove(id: id) }
            }
        case .collectionDeleted, .modelSwitched:
            drop(change.collectionID)
        }
    }

    /// Forgets every index (a missed change message: the next queries reload).
    public func dropAll() {
        indexes.dropAll()
    }

    /// Vectors held and their approximate memory, for status pages and the benchmark.
    public func statistics() async -> (vectors: Int, bytes: Int) {
        var vectors = 0
        var bytes = 0
        for (_, index) in await indexes.loaded(where: { _ in true }) {
            vectors += index.count
            bytes += index.approximateMemoryBytes
        }
        return (vectors, bytes)
    }

    private func drop(_ collectionID: UUID) {
        indexes.drop { $0.collectionID == collectionID }
    }
}
