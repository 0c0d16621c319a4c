/// Marks of the nodes one search has visited: a generation stamp per slot, so starting a new search is O(1).
/// Pooled by ``VisitedSetPool``; a set is used by one search at a time.
final class VisitedSet: @unchecked Sendable {
    private var marks: [UInt16]
    private var generation: UInt16 = 0

    init(capacity: Int) {
        marks = [UInt16](repeating: 0, count: capacity)
    }

    /// Starts a new search over at least `capacity` slots.
    func reset(capacity: Int) {
        if marks.count < capacity {
            marks = [UInt16](repeating: 0, count: max(capacity, marks.count * 2))
            generation = 0
        }
        if generation == .max {
            for index in marks.indices { marks[index] = 0 }
            generation = 0
        }
        generation &+= 1
    }

    /// Marks `slot`; true when it was not marked in this search yet.
    @inline(__always)
    @_optimize(speed)
    func insert(_ slot: Int32) -> Bool {
        let index = Int(slot)
        if marks[index] == generation { return false }
        marks[index] = generation
        return true
    }

    var memoryBytes: Int { marks.capacity * 2 }
}
