import Foundation
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage
import SkillHubTestSupport
import Testing
@testable import SkillHubKnowledge

/// The start-up warm-up against the test stack's PostgreSQL: every collection's indexes loaded
/// without a query, through the same load-once entries as queries, and failures left to the lazy path.
@Suite("Knowledge index warm-up")
struct KnowledgeIndexWarmupTests {
    /// The vector channel of `base`, failing to preload `failing`.
    struct FailingVectors: VectorSearching {
        let base: VectorIndexCache
        let failing: UUID

        func nearest(to query: [Float], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Float)] {
            try await base.nearest(to: query, in: collection, k: k, allowed: allowed)
        }

        func preload(_ collection: CollectionHandle) async throws {
            if collection.id == failing { throw SkillHubError(.serviceUnavailable, "no vectors for you") }
            try await base.preload(collection)
        }

        func apply(_ change: KnowledgeChange) async { await base.apply(change) }
        func dropAll() { base.dropAll() }
    }

    static func caches(_ fixture: EmbeddingWorkerTests.Fixture) -> (terms: TermIndexCache, vectors: VectorIndexCache) {
        (
            TermIndexCache(search: ChunkSearchRepository(database: fixture.database, logger: .quiet), logger: .quiet),
            VectorIndexCache(jobs: fixture.jobs, logger: .quiet)
        )
    }

    @Test func everyCollectionsIndexesAreLoadedWithoutAQuery() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            let (collection, _) = try await fixture.document(["Penguins live in the southern hemisphere.", "机器学习是人工智能的一个分支"])
            await fixture.drain(fixture.worker())
            let handle = try #require(try await fixture.collections.resolve([collection], in: fixture.namespace).first)
            let (terms, vectors) = Self.caches(fixture)
            let warmup = KnowledgeIndexWarmup(collections: fixture.collections, terms: terms, vectors: vectors, model: fixture.provider.model, logger: .quiet)
            #expect(warmup.progress.healthState == "loading")

            await warmup.warm()
            #expect(warmup.progress.healthState == "healthy")

            // A second document becomes ready in PostgreSQL without its change reaching these caches:
            // indexes loaded by the warm-up do not hold it, indexes loaded now would.
            _ = try await fixture.documents.add(draft(["Emperor penguins huddle in winter."]), to: collection, in: fixture.namespace)
            await fixture.drain(fixture.worker())
            #expect(try await fixture.jobs.vectors(collectionID: handle.id, model: fixture.provider.model).count == 3)
            #expect(try await terms.index(for: handle.id).count == 2)
            #expect(try await vectors.index(for: handle).count == 2)
            #expect(try await terms.best(matching: Tokenizer().tokens("penguins"), in: handle, k: 5, allowed: nil).count == 1)
        }
    }

    @Test func aQueryDuringTheWarmupWaitsForTheSameLoad() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            let text = "Penguins live in the southern hemisphere."
            let (collection, _) = try await fixture.document([text, "Owls hunt at night."])
            await fixture.drain(fixture.worker())
            let handle = try #require(try await fixture.collections.resolve([collection], in: fixture.namespace).first)
            let (terms, vectors) = Self.caches(fixture)
            let warmup = KnowledgeIndexWarmup(collections: fixture.collections, terms: terms, vectors: vectors, model: fixture.provider.model, logger: .quiet)

            async let warmed: Void = warmup.warm()
            let queried = try await vectors.index(for: handle)
            let nearest = try await vectors.nearest(to: ScriptedProvider.vector(text), in: handle, k: 1, allowed: nil)
            await warmed
            #expect(nearest.count == 1)
            #expect(try await vectors.index(for: handle) === queried)  // one load, whoever started it
            let chunks = try await ChunkSearchRepository(database: fixture.database, logger: .quiet).chunks(nearest.map(\.id))
            #expect(chunks[nearest[0].id]?["text"] == .string(text))
        }
    }

    @Test func aCollectionThatFailsIsReportedAndLeftToItsFirstQuery() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            let (failing, _) = try await fixture.document(["Owls hunt at night."])
            let (loaded, _) = try await fixture.document(["Penguins live in the southern hemisphere."])
            await fixture.drain(fixture.worker())
            let failingHandle = try #require(try await fixture.collections.resolve([failing], in: fixture.namespace).first)
            let loadedHandle = try #require(try await fixture.collections.resolve([loaded], in: fixture.namespace).first)
            let (terms, vectors) = Self.caches(fixture)
            let warmup = KnowledgeIndexWarmup(
                collections: fixture.collections, terms: terms, vectors: FailingVectors(base: vectors, failing: failingHandle.id),
                model: fixture.provider.model, logger: .quiet
            )

            await warmup.warm()
            let state = warmup.progress.healthState
            #expect(state.hasPrefix("unhealthy: 1 of "), "\(state)")
            #expect(state.contains(failingHandle.id.lowercasedString) && state.contains("no vectors for you"), "\(state)")

            // The collection after it was still loaded; the failed one loads on its first query.
            _ = try await fixture.documents.add(draft(["Emperor penguins huddle in winter.", "Owls are quiet fliers."]), to: loaded, in: fixture.namespace)
            _ = try await fixture.documents.add(draft(["Owls see in the dark."]), to: failing, in: fixture.namespace)
            await fixture.drain(fixture.worker())
            #expect(try await vectors.index(for: loadedHandle).count == 1)
            #expect(try await vectors.index(for: failingHandle).count == 2)
        }
    }

    /// A term channel whose loads never finish, or whose database is out of reach.
    struct StuckTerms: FullTextSearching {
        let unreachable: Bool

        func best(matching terms: [String], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Double)] { [] }

        func preload(_ collection: CollectionHandle) async throws {
            if unreachable { throw DatabaseUnavailableError(address: "127.0.0.1:1", reason: "injected outage") }
            // A query on a connection PostgreSQL stopped answering: not cancellable.
            await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
        }

        func apply(_ change: KnowledgeChange) async {}
        func dropAll() {}
    }

    @Test func shutdownDoesNotWaitForAStuckLoad() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            _ = try await fixture.document(["stuck"])
            let warmup = KnowledgeIndexWarmup(
                collections: fixture.collections, terms: StuckTerms(unreachable: false), vectors: Self.caches(fixture).vectors,
                model: fixture.provider.model, logger: .quiet
            )
            let group = ServiceGroup(configuration: .init(services: [warmup], logger: .quiet))
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(200))
            let stopping = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(ContinuousClock.now - stopping < .seconds(1))
        }
    }

    @Test func anUnreachableDatabaseStopsTheWarmUp() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            _ = try await fixture.document(["one"])
            _ = try await fixture.document(["two"])
            let warmup = KnowledgeIndexWarmup(
                collections: fixture.collections, terms: StuckTerms(unreachable: true), vectors: Self.caches(fixture).vectors,
                model: fixture.provider.model, logger: .quiet
            )
            await warmup.warm()
            #expect(warmup.progress.healthState.hasPrefix("unhealthy: the warm-up stopped"))
            #expect(warmup.progress.healthState.contains("injected outage"))
        }
    }

    /// The term channel of `base`, counting the preloads of each collection.
    final class CountedTerms: FullTextSearching {
        let base: TermIndexCache
        private let counts = NIOLockedValueBox<[UUID: Int]>([:])

        init(base: TermIndexCache) { self.base = base }

        func preloads(of id: UUID) -> Int { counts.withLockedValue { $0[id] ?? 0 } }

        func best(matching terms: [String], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Double)] {
            try await base.best(matching: terms, in: collection, k: k, allowed: allowed)
        }

        func preload(_ collection: CollectionHandle) async throws {
            try await base.preload(collection)
            counts.withLockedValue { $0[collection.id, default: 0] += 1 }
        }

        func apply(_ change: KnowledgeChange) async { await base.apply(change) }
        func dropAll() { base.dropAll() }
    }

    @Test func warmingAgainReloadsWhatWasDropped() async throws {
        try await EmbeddingWorkerTests.withFixture { fixture in
            let (collection, _) = try await fixture.document(["Penguins live in the southern hemisphere."])
            await fixture.drain(fixture.worker())
            let handle = try #require(try await fixture.collections.resolve([collection], in: fixture.namespace).first)
            let terms = CountedTerms(base: Self.caches(fixture).terms)
            let warmup = KnowledgeIndexWarmup(
                collections: fixture.collections, terms: terms, vectors: Self.caches(fixture).vectors, model: fixture.provider.model, logger: .quiet
            )
            let group = ServiceGroup(configuration: .init(services: [warmup], logger: .quiet))
            let running = Task { try await group.run() }
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, terms.preloads(of: handle.id) < 1 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(terms.preloads(of: handle.id) == 1)

            terms.dropAll()
            warmup.warmAgain()
            while ContinuousClock.now < deadline, terms.preloads(of: handle.id) < 2 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(terms.preloads(of: handle.id) == 2)
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }
}
