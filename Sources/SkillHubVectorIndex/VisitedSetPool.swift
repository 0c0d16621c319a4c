/// Reusable ``VisitedSet``s, so concurrent searches neither allocate per call nor share one.
final class VisitedSetPool: @unchecked Sendable {
    private let mutex = PlainMutex()
    private var free: [VisitedSet] = []

    func withVisitedSet<Result>(capacity: Int, _ body: (VisitedSet) -> Result) -> Result {
        let set = mutex.withLock { free.popLast() } ?? VisitedSet(capacity: capacity)
        set.reset(capacity: capacity)
        defer { mutex.withLock { if free.count < 64 { free.append(set) } } }
        return body(set)
    }

    var memoryBytes: Int {
        mutex.withLock { free.reduce(0) { $0 + $1.memoryBytes } }
    }
}
