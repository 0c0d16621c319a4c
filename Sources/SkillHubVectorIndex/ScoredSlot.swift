/// A stored vector's slot and its similarity to the vector being searched for.
struct ScoredSlot: Sendable {
    var score: Float
    var slot: Int32
}
