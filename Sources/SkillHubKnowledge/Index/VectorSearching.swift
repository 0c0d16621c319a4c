import SkillHubStorage

/// The vector channel of a search: the nearest chunks of a collection to a query vector. The
/// embedded default is ``VectorIndexCache`` (in-memory indexes built from PostgreSQL after start-up); a
/// distributed vector engine (seed 001's `VECTOR_STORE_TYPE`: Milvus, VikingDB) would be another
/// conformance, fed the same ``KnowledgeChange``s.
public protocol VectorSearching: KnowledgeChangeFollower {
    /// The `k` chunks nearest to `query` among the collection's ready documents (only ids in
    /// `allowed`, when given), best first, with their cosine similarity.
    func nearest(to query: [Float], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Float)]
}

extension VectorIndexCache: VectorSearching {
    public func nearest(to query: [Float], in collection: CollectionHandle, k: Int, allowed: Set<Int64>?) async throws -> [(id: Int64, score: Float)] {
        let index = try await index(for: collection)
        return try index.search(query, k: k, filter: allowed.map { ids in { ids.contains($0) } })
    }

    /// Loads the index of the collection's served model and waits until its graph is built (minutes
    /// at 100,000 vectors), watching for cancellation so that a shutdown does not wait for the build.
    public func preload(_ collection: CollectionHandle) async throws {
        let index = try await index(for: collection)
        while index.isBuildPending { try await Task.sleep(for: .milliseconds(50)) }
    }
}
