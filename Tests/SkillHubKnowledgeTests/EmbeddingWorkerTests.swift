import Foundation
import SkillHubCore
import SkillHubEmbeddings
import SkillHubStorage
import SkillHubTestSupport
import Testing
@testable import SkillHubKnowledge

/// The background embedding worker against the test stack's PostgreSQL, with a scripted provider.
@Suite("Embedding worker")
struct EmbeddingWorkerTests {
    struct Fixture {
        let database: Database
        /// A model of this test alone, so no other test's documents are claimed.
        let provider = ScriptedProvider(model: "scripted-\(UUID().uuidString.prefix(8))")
        let changes = RecordedChanges()
        let namespace = PluginDataNamespace(plugin: "test-\(UUID().uuidString.prefix(8))", account: nil)

        var collections: CollectionRepository { CollectionRepository(database: database, logger: .quiet) }
        var documents: DocumentRepository { DocumentRepository(database: database, logger: .quiet) }
        var jobs: EmbeddingJobRepository { EmbeddingJobRepository(database: database, logger: .quiet) }

        func worker(batchSize: Int = 2, lease: Duration = .seconds(60), maximumAttempts: Int = 3) -> EmbeddingWorker {
            EmbeddingWorker(
                jobs: jobs, collections: collections, provider: provider, feed: changes, batchSize: batchSize,
                lease: lease, retryAfter: .milliseconds(1), maximumAttempts: maximumAttempts, logger: .quiet
            )
        }

        /// A collection of the provider's model with one document of these chunks; the document's id.
        func document(_ texts: [String]) async throws -> (collection: String, id: UUID) {
            let name = TestStack.uniqueName("c")
            _ = try await collections.create(CollectionDraft(name: name), model: provider.model, dimensions: provider.dimensions, in: namespace)
            let added = try await documents.add(draft(texts), to: name, in: namespace)
            return (name, try #require(added["document_id"]?.stringValue.flatMap(UUID.init(uuidString:))))
        }

        func status(_ collection: String, _ id: UUID) async throws -> JSONValue {
            try await documents.document(id, in: collection, namespace: namespace)
        }

        /// Runs jobs until there is none left (at most `limit`).
        func drain(_ worker: EmbeddingWorker, limit: Int = 20) async {
            for _ in 0..<limit where await worker.runOneJob() {}
        }
    }

    static func withFixture(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await TestStack.withDatabase(try TestStack.databaseURL()) { database in
            try await body(Fixture(database: database))
        }
    }

    @Test func aDocumentIsEmbeddedInBatchesAndBecomesReady() async throws {
        try await Self.withFixture { fixture in
            let (collection, id) = try await fixture.document(["one", "two", "three", "four", "five"])
            #expect(try await fixture.status(collection, id)["status"] == "pending")
            await fixture.drain(fixture.worker(batchSize: 2))
            let ready = try await fixture.status(collection, id)
            #expect(ready["status"] == "ready")
            #expect(ready["chunks_embedded"] == 5)
            #expect(fixture.provider.calls == 3)  // 2 + 2 + 1
            #expect(fixture.changes.all.map(\.kind) == [.documentReady])
            let vectors = try await fixture.jobs.vectors(collectionID: fixture.changes.all[0].collectionID, model: fixture.provider.model)
            #expect(vectors.count == 5)
            #expect(vectors.allSatisfy { $0.vector.count == 8 })
        }
    }

    @Test func aWorkerThatStoppedMidwayIsResumedWhereItWasAfterItsClaimExpires() async throws {
        try await Self.withFixture { fixture in
            let (collection, id) = try await fixture.document(["a b", "c d", "e f", "g h"])
            // One batch stored under a claim, then the instance "stops" (never finishes).
            let job = try #require(try await fixture.jobs.claimDocument(model: fixture.provider.model, for: .seconds(1)))
            let first = try await fixture.jobs.chunksWithoutVector(of: job, limit: 2)
            let embedded = try await fixture.provider.embed(first.map(\.text), purpose: .passage)
            try await fixture.jobs.store(Array(zip(first.map(\.id), embedded.vectors)), for: job, lease: .seconds(1))
            #expect(try await fixture.status(collection, id)["status"] == "processing")
            #expect(try await fixture.status(collection, id)["chunks_embedded"] == 2)
            // While the claim holds, nobody else takes the document.
            #expect(try await fixture.jobs.claimDocument(model: fixture.provider.model, for: .seconds(60)) == nil)

            try await Task.sleep(for: .milliseconds(1100))
            let callsBefore = fixture.provider.calls
            await fixture.drain(fixture.worker(batchSize: 10))
            #expect(try await fixture.status(collection, id)["status"] == "ready")
            // Only the two chunks left were embedded again: one call of two texts.
            #expect(fixture.provider.calls == callsBefore + 1)
        }
    }

    @Test func aFailingProviderIsRetriedThenTheDocumentFailsWithTheReason() async throws {
        try await Self.withFixture { fixture in
            let (collection, id) = try await fixture.document(["x"])
            fixture.provider.fail(with: [.unavailable("connection refused"), .unavailable("connection refused"), .badAnswer("2 vectors for 1 text")])
            let worker = fixture.worker(maximumAttempts: 3)
            for _ in 0..<3 {
                _ = await worker.runOneJob()
                try await Task.sleep(for: .milliseconds(20))
            }
            let failed = try await fixture.status(collection, id)
            #expect(failed["status"] == "failed")
            #expect(failed["error"]?.stringValue?.contains("2 vectors for 1 text") == true)
            #expect(fixture.changes.all.isEmpty)

            // One failure, then success: ready.
            let (other, otherID) = try await fixture.document(["y"])
            fixture.provider.fail(with: [.timeout("slow")])
            _ = await worker.runOneJob()
            #expect(try await fixture.status(other, otherID)["status"] == "processing")
            #expect(try await fixture.status(other, otherID)["error"]?.stringValue?.contains("slow") == true)
            try await Task.sleep(for: .milliseconds(20))
            await fixture.drain(worker)
            #expect(try await fixture.status(other, otherID)["status"] == "ready")
        }
    }

    @Test func aCollectionDeletedDuringEmbeddingLeavesNothingBehind() async throws {
        try await Self.withFixture { fixture in
            let (collection, _) = try await fixture.document(["p", "q", "r"])
            fixture.provider.delay(.milliseconds(300))
            let worker = fixture.worker(batchSize: 1)
            async let working = worker.runOneJob()
            try await Task.sleep(for: .milliseconds(100))
            _ = try await fixture.collections.delete(collection, in: fixture.namespace)
            _ = await working
            await fixture.drain(worker)
            #expect(try await fixture.collections.list(in: fixture.namespace).isEmpty)
            #expect(fixture.changes.all.isEmpty)
        }
    }

    @Test func aReembeddingFillsTheNewModelBesideTheServedOneThenSwitches() async throws {
        try await Self.withFixture { fixture in
            let (collection, _) = try await fixture.document(["alpha", "beta", "gamma"])
            await fixture.drain(fixture.worker())
            let handle = try #require(try await fixture.collections.resolve([collection], in: fixture.namespace).first)
            #expect(handle.model == fixture.provider.model)

            // Another model is configured now: the collection is marked for re-embedding with it.
            let newProvider = ScriptedProvider(model: fixture.provider.model + "-v2")
            _ = try await fixture.collections.startReembedding(collection, model: newProvider.model, dimensions: newProvider.dimensions, in: fixture.namespace)
            let marking = try await fixture.collections.collection(collection, in: fixture.namespace)
            #expect(marking["reembedding"]?["model"] == .string(newProvider.model))
            #expect(marking["embedding_model"] == .string(fixture.provider.model))

            let worker = EmbeddingWorker(
                jobs: fixture.jobs, collections: fixture.collections, provider: newProvider, feed: fixture.changes, batchSize: 2,
                retryAfter: .milliseconds(1), logger: .quiet
            )
            for _ in 0..<20 where await worker.runOneJob() {}
            let switched = try await fixture.collections.collection(collection, in: fixture.namespace)
            #expect(switched["embedding_model"] == .string(newProvider.model))
            #expect(switched["reembedding"] == .null)
            #expect(fixture.changes.all.contains { $0.kind == .modelSwitched && $0.collectionID == handle.id })
            #expect(try await fixture.jobs.vectors(collectionID: handle.id, model: fixture.provider.model).isEmpty)
            #expect(try await fixture.jobs.vectors(collectionID: handle.id, model: newProvider.model).count == 3)
        }
    }

    /// `wait: true` means searchable when the call returns: a document the background worker
    /// claimed first is waited for, up to its ready change, instead of answered still processing.
    @Test func embeddingNowWaitsForTheRunThatAlreadyHoldsTheDocument() async throws {
        try await Self.withFixture { fixture in
            let (collection, id) = try await fixture.document(["slow one"])
            fixture.provider.delay(.milliseconds(300))
            let worker = fixture.worker()
            async let background = worker.runOneJob()
            try await Task.sleep(for: .milliseconds(100))  // the background run holds the claim
            #expect(await !worker.embedNow(id))
            #expect(fixture.changes.all.map(\.kind) == [.documentReady])
            #expect(try await fixture.status(collection, id)["status"] == "ready")
            #expect(await background)
        }
    }
}
