/// An in-memory index of this instance that follows the document store's changes
/// (``KnowledgeChangeFeed`` applies this instance's and the other instances' changes to each).
public protocol KnowledgeChangeFollower: Sendable {
    /// Follows a change of the store (a document ready or deleted, a collection gone or re-embedded).
    func apply(_ change: KnowledgeChange) async

    /// Forgets everything held (a change message may have been missed: the next queries reload).
    func dropAll()
}
