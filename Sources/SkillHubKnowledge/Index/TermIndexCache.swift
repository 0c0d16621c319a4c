import Foundation
import Logging
import SkillHubCore
import SkillHubStorage
import SkillHubTermIndex

/// The in-memory term indexes of this instance, one per collection (whatever its embedding model),
/// built from the chunks' `lexemes` in PostgreSQL after start-up (``KnowledgeIndexWarmup``) or on
/// first use, whichever comes first, and kept current by the ``KnowledgeChange``s of this and the
/// other instances. Holds only ready documents' chunks.
public final class TermIndexCache: Sendable {
    private let search: ChunkSearchRepository
    private let logger: Logger
    private let indexes = IndexLoads<UUID, TermIndex>()

    public init(search: ChunkSearchRepository, logger: Logger) {
        self.search = search
        self.logger = logger
    }

    /// The collection's index, loading it once however many ask at the same time.
    public func index(for collectionID: UUID) async throws -> TermIndex {
        try await indexes.index(for: collectionID) { [search, logger] in
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
    }

    /// Applies a change: a ready document's chunks are added to a loaded index, deleted chunks
    /// removed, a deleted collection's index dropped. A re-embedding changes no terms.
    public func apply(_ change: KnowledgeChange) async {
        switch change.kind {
        case .documentReady:
            guard let documentID = change.documentID else { return }
            for (_, index) in await indexes.loaded(where: { $0 == change.collectionID }) {
                do {
                    _ = try await search.forEachChunkTerms(collectionID: change.collectionID, documentID: documentID) { id, terms in
                        index.insert(id: id, terms: terms)
                    }
                } catch {
                    logger.warning("could not add a document's terms to the index; reloading it", metadata: ["error": "\(error)"])
                    indexes.drop { $0 == change.collectionID }
                }
            }
        case .chunksDeleted:
            for (_, index) in await indexes.loaded(where: { $0 == change.collectionID }) {
                index.remove(ids: change.chunkIDs)
            }
        case .collectionDeleted:
            indexes.drop { $0 == change.collectionID }
        case .modelSwitched:
            return
        }
    }

    /// Forgets every index (a missed change message: the next queries reload).
    public func dropAll() {
        indexes.dropAll()
    }
}
