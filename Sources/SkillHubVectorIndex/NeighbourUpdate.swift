/// A node's new neighbour list on one layer, computed before the write lock is taken.
struct NeighbourUpdate: Sendable {
    var node: Int32
    var level: Int
    var neighbours: [Int32]
}
