/// The best `capacity` hits seen so far, in a min-heap whose top is the worst kept. A hit is better
/// than another with a higher score or, at an equal score, a smaller id, so results never depend on
/// the order in which chunks were added.
struct TopHits {
    private(set) var items: [(id: Int64, score: Double)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        items.reserveCapacity(min(self.capacity, 4096))
    }

    static func isBetter(_ a: (id: Int64, score: Double), than b: (id: Int64, score: Double)) -> Bool {
        a.score != b.score ? a.score > b.score : a.id < b.id
    }

    /// Keeps `hit` when there is room or it beats the worst kept.
    mutating func offer(_ hit: (id: Int64, score: Double)) {
        guard capacity > 0 else { return }
        if items.count < capacity {
            items.append(hit)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.isBetter(items[parent], than: hit) else { break }
                items[child] = items[parent]
                child = parent
            }
            items[child] = hit
        } else if Self.isBetter(hit, than: items[0]) {
            siftDown(hit)
        }
    }

    /// The hits kept, best first.
    func sorted() -> [(id: Int64, score: Double)] {
        items.sorted(by: Self.isBetter)
    }

    /// Puts `hit` in place of the top and moves it down to where it belongs.
    private mutating func siftDown(_ hit: (id: Int64, score: Double)) {
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= items.count { break }
            if child + 1 < items.count, Self.isBetter(items[child], than: items[child + 1]) { child += 1 }
            guard Self.isBetter(hit, than: items[child]) else { break }
            items[parent] = items[child]
            parent = child
        }
        items[parent] = hit
    }
}
