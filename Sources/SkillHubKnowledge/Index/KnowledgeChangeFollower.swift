import SkillHubStorage

/// An in-memory index of this instance that follows the document store's changes
/// (``KnowledgeChangeFeed`` applies this instance's and the other instances' changes to each).
public protocol KnowledgeChangeFollower: Sendable {
    /// Follows a change of the store (a document ready or deleted, a collection gone or re-embedded).
    func apply(_ change: KnowledgeChange) async

    /// Forgets everything held (a change message may have been missed: the next queries reload).
    func dropAll()

    /// Loads what this instance holds in memory of `collection` now rather than on its first query
    /// (``KnowledgeIndexWarmup``), through the same load-once entry a query uses: a query arriving
    /// meanwhile waits for this load instead of starting another. Returns once the index is
    /// complete, background work included, so that loads one after the other do not overlap.
    func preload(_ collection: CollectionHandle) async throws
}
