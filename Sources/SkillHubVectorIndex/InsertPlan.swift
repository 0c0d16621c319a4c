/// Everything inserting one node changes in an ``HNSWGraph``: computed while searches still run
/// (only the writer reads the graph to plan), then applied under the write lock in O(M²) assignments.
struct InsertPlan: Sendable {
    var slot: Int32
    var level: Int
    /// The new node's neighbours, by layer (index 0 is layer 0).
    var ownNeighbours: [[Int32]]
    /// The existing nodes that link back to it, each with its whole new list for that layer.
    var updates: [NeighbourUpdate]
}
