/// A binary min-heap of ``ScoredSlot`` by `score` (push negated scores for a max-heap).
struct MinHeap {
    private(set) var items: [ScoredSlot] = []

    init(capacity: Int) {
        items.reserveCapacity(capacity)
    }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    /// The smallest score. Only valid when not empty.
    var top: ScoredSlot { items[0] }

    @_optimize(speed)
    mutating func push(_ element: ScoredSlot) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) >> 1
            if items[parent].score <= element.score { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = element
    }

    @discardableResult
    @_optimize(speed)
    mutating func pop() -> ScoredSlot? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let first = items[0]
        siftDown(last)
        return first
    }

    /// Replaces the top with `element` (one sift instead of a pop and a push).
    @_optimize(speed)
    mutating func replaceTop(_ element: ScoredSlot) {
        siftDown(element)
    }

    @_optimize(speed)
    private mutating func siftDown(_ element: ScoredSlot) {
        let count = items.count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count, items[child + 1].score < items[child].score { child += 1 }
            if element.score <= items[child].score { break }
            items[parent] = items[child]
            parent = child
        }
        items[parent] = element
    }
}
