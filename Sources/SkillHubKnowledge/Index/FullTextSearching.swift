import SkillHubStorage

/// The full-text channel of a search: the chunks of a collection that best match a query's
/// terms. The embedded default is ``TermIndexCache`` (in-memory BM25 indexes built from the
/// chunks' terms in PostgreSQL after start-up), fed the same ``KnowledgeChange``s as the vector channel.
public protocol FullTextSearching: KnowledgeChangeFollower {
    /// The best `k` chunks of the collection's ready documents holding any of `terms` (only ids in
    /// `allowed`, when given), best first, with their BM25 scores.
    func best(matching terms: [String], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Double)]
}

extension TermIndexCache: FullTextSearching {
    public func best(matching terms: [String], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Double)] {
        try await index(for: collection.id).search(terms, k: k, allowed: allowed)
    }

    public func preload(_ collection: CollectionHandle) async throws {
        _ = try await index(for: collection.id)
    }
}
