import Foundation
import SkillHubCore
import SkillHubStorage
import SkillHubTestSupport
import Testing
@testable import SkillHubKnowledge

/// The term indexes against the test stack's PostgreSQL: loaded from the chunks' `lexemes` as
/// PostgreSQL prints them, and kept current by the store's changes.
@Suite("Term index cache")
struct TermIndexCacheTests {
    @Test func readyDocumentsAreLoadedAndChangesAddAndRemoveChunks() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            let cache = TermIndexCache(search: ChunkSearchRepository(database: fixture.database, logger: .quiet), logger: .quiet)
            let tokens = Tokenizer()
            // Terms the tokenizer never makes, so that PostgreSQL's quoting of ' and \\ is read back too.
            let collection = TestStack.uniqueName("c")
            _ = try await fixture.collections.create(
                CollectionDraft(name: collection), model: fixture.provider.model, dimensions: fixture.provider.dimensions, in: fixture.namespace
            )
            var document = draft(["机器学习是人工智能的一个分支", "Penguins swim"])
            document.chunks.append(ChunkDraft(text: "quoting", headingPath: [], metadata: [:], lexemes: LexemeText.vector(["it's", "back\\slash", "it's"])))
            let added = try await fixture.documents.add(document, to: collection, in: fixture.namespace)
            let id = try #require(added["document_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let collectionID = try #require(UUID(uuidString: try await fixture.status(collection, id)["collection_id"]?.stringValue ?? ""))

            // Pending documents are not served: the index loads empty, and the change adds the document.
            #expect(try await cache.index(for: collectionID).count == 0)
            await fixture.drain(fixture.worker())
            let ready = try #require(fixture.changes.all.first)
            await cache.apply(ready)
            let index = try await cache.index(for: collectionID)
            #expect(index.count == 3)
            #expect(index.search(["it's"], k: 5).count == 1)
            #expect(index.search(["back\\slash"], k: 5).count == 1)
            #expect(index.search(tokens.tokens("学习"), k: 5).count == 1)

            // A new cache loads the same from PostgreSQL, with the same scores.
            let reloaded = TermIndexCache(search: ChunkSearchRepository(database: fixture.database, logger: .quiet), logger: .quiet)
            let query = tokens.tokens("penguins and machine 学习")
            #expect(try await reloaded.index(for: collectionID).search(query, k: 5).map(\.score) == index.search(query, k: 5).map(\.score))

            // Deleted chunks leave at once; a deleted collection's index is dropped.
            let deleted = try await fixture.documents.delete(id, in: collection, namespace: fixture.namespace)
            await cache.apply(KnowledgeChange(kind: .chunksDeleted, collectionID: collectionID, chunkIDs: deleted.chunkIDs))
            #expect(index.count == 0)
            #expect(index.search(query, k: 5).isEmpty)
            await cache.apply(KnowledgeChange(kind: .collectionDeleted, collectionID: collectionID))
            #expect(try await cache.index(for: collectionID) !== index)
        }
    }
}
