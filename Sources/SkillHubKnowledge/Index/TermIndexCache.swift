import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubStorage
import SkillHubTermIndex

/// The in-memory term indexes of this instance, one per collection (whatever its embedding model),
/// built from the chunks' `lexemes` in PostgreSQL on first use and kept current by the
/// ``KnowledgeChange``s of this and the other instances. Holds only ready documents' chunks.
public final class TermIndexCache: Sendable {
    private let search: ChunkSearchRepository
    private let logger: Logger
    private let indexes = NIOLockedValueBox<[UUID: Task<TermIndex, any Error>]>([:])

    public init(search: ChunkSearchRepository, logger: Logger) {
        self.search = search
        self.logger = logger
    }

    /// The collection's index, loading it once however many ask at the same time.
    public func index(for collectionID: UUID) async throws -> TermIndex {
        let task = indexes.withLockedValue { indexes in
            if let task = indexes[collectionID] { return task }
            let task = Task { [search, logger] in
                let started = ContinuousClock.now
                let index = TermIndex()
                let chunks = try await search.forEachChunkTerms(collectionID: collectionID) { id, terms in
                    index.insert(id: id, terms: terms)
                }
                logger.info("term index loaded", metadata: [
                    "collection_id": "\(collectionID.lowercasedString)", "chunks": "\(chunks)", "terms": "\(index.termCount)",
                    "bytes": "\(index.approximateMemoryBytes)", "seconds": "\((ContinuousClock.now - started).inSeconds)",
                ])
                return index
            }
            indexes[collectionID] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            // A failed load is not kept: the next query tries again.
            indexes.withLockedValue { indexes in
                if indexes[collectionID] == task { indexes[collectionID] = nil }
            }
            throw error
        }
    }

    /// Applies a change: a ready document's chunks are added to a loaded index, deleted chunks
    /// removed, a deleted collection's index dropped. A re-embedding changes no terms.
    public func apply(_ change: KnowledgeChange) async {
        guard let task = indexes.withLockedValue({ $0[change.collectionID] }), let index = try? await task.value else { return }
        switch change.kind {
        case .documentReady:
            guard let documentID = change.documentID else { return }
            do {
                _ = try await search.forEachChunkTerms(collectionID: change.collectionID, documentID: documentID) { id, terms in
                    index.insert(id: id, terms: terms)
                }
            } catch {
                logger.warning("could not add a document's terms to the index; reloading it", metadata: ["error": "\(error)"])
                drop(change.collectionID)
            }
        case .chunksDeleted:
            index.remove(ids: change.chunkIDs)
        case .collectionDeleted:
            drop(change.collectionID)
        case .modelSwitched:
            return
        }
    }

    /// Forgets every index (a missed change message: the next queries reload).
    public func dropAll() {
        indexes.withLockedValue { $0.removeAll() }
    }

    private func drop(_ collectionID: UUID) {
        indexes.withLockedValue { $0[collectionID] = nil }
    }
}
