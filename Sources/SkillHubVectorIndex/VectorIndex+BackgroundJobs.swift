/// The background jobs of a ``VectorIndex``, run on a thread of their own by ``BackgroundWork``.
///
/// Both read the current state's slots without a lock (the memory of existing slots never changes while a
/// job runs), build privately, then catch up in rounds with what writers did meanwhile (each round reads the
/// state's counts and tombstones under the read lock), and finally take the writer mutex for the last few
/// changes and swap under the write lock. A job whose state was replaced (``VectorIndex/removeAll()``) or
/// whose index was dropped stops at its next check.
extension VectorIndex {
    /// Catching up stops going round when this few slots are left; they are done holding the writer mutex
    /// (about a millisecond each at 100,000 vectors, so writers wait a few milliseconds at most).
    static let finalCatchUpLimit = 8
    /// Catch-up rounds before the rest is done holding the writer mutex whatever its size (only a stream of
    /// inserts faster than the graph takes them gets that far).
    static let catchUpRounds = 64
    /// Nodes inserted between two checks that the job is still wanted.
    static let checkInterval = 128

    /// Runs `body` on `source` under the read lock; `nil` when `source` is no longer the current state.
    func reading<Result>(_ source: IndexState, _ body: (IndexState) -> Result) -> Result? {
        lock.withReadLock { state === source ? body(source) : nil }
    }

    /// Builds (or extends) the graph of `source` over all its slots, then attaches it.
    static func runBuild(of source: IndexState, index reference: WeakReference<VectorIndex>) {
        guard let start = reference.object?.reading(source, { ($0.graph, $0.configuration) }) else {
            return abandon(reference)
        }
        let configuration = start.1
        var graph = start.0 ?? HNSWGraph(
            maxConnections: configuration.maxConnections, efConstruction: configuration.efConstruction)
        var generator = SplitMix64(seed: configuration.seed &+ UInt64(graph.nodeCount))
        let visited = VisitedSet(capacity: 1)
        var done = graph.nodeCount
        for _ in 0..<catchUpRounds {
            guard let (count, table) = reference.object?.reading(source, { ($0.slotCount, $0.store.view) }) else {
                return abandon(reference)
            }
            if count - done <= finalCatchUpLimit { break }
            graph.reserveCapacity(count)
            guard insert(done..<count, into: &graph, table: table, visited: visited, generator: &generator,
                         checking: source, of: reference)
            else { return abandon(reference) }
            done = count
        }
        guard let index = reference.object else { return }
        index.writer.withLock {
            guard index.state === source else { return index.scheduleIfNeeded(finishing: true) }
            // Holding the writer: the state does not change.
            _ = insert(done..<source.slotCount, into: &graph, table: source.store.view, visited: visited,
                       generator: &generator, checking: nil, of: reference)
            index.lock.withWriteLock {
                source.graph = graph
                // Drop this copy's reference, so the next insert does not copy the graph.
                graph = HNSWGraph(maxConnections: 2, efConstruction: 2)
            }
            index.scheduleIfNeeded(finishing: true)
        }
    }

    /// Rebuilds `source` without its tombstones into a new state (with a graph when large enough), carries
    /// over the writes made meanwhile, then swaps it in.
    static func runCompaction(of source: IndexState, index reference: WeakReference<VectorIndex>) {
        guard let snapshot = reference.object?.reading(source, { state in
            (count: state.slotCount, ids: state.ids, removed: state.removed, live: state.liveCount,
             table: state.store.view, generator: state.generator)
        }) else { return abandon(reference) }
        let configuration = source.configuration
        let fresh = IndexState(dimensions: source.dimensions, configuration: configuration, generator: snapshot.generator)
        fresh.reserveCapacity(snapshot.live)
        // The slot in `fresh` of each slot of `source` carried over so far (-1: removed).
        var mapping = [Int32](repeating: -1, count: snapshot.count)
        mapping.reserveCapacity(snapshot.count + snapshot.count / 8)
        for slot in 0..<snapshot.count where !snapshot.removed[slot] {
            mapping[slot] = fresh.append(id: snapshot.ids[slot], vector: snapshot.table.vector(Int32(slot)))
        }
        var processed = snapshot.count
        let withGraph = fresh.liveCount >= max(1, configuration.exactSearchThreshold)
        var graph = HNSWGraph(maxConnections: configuration.maxConnections, efConstruction: configuration.efConstruction)
        var generator = SplitMix64(seed: configuration.seed &+ UInt64(fresh.slotCount))
        let visited = VisitedSet(capacity: 1)
        if withGraph {
            graph.reserveCapacity(fresh.slotCount)
            guard insert(0..<fresh.slotCount, into: &graph, table: fresh.store.view, visited: visited,
                         generator: &generator, checking: source, of: reference)
            else { return abandon(reference) }
        }
        var carryOver = { (count: Int, removed: [Bool], newIDs: ArraySlice<Int64>, table: VectorTable) in
            // Removals of slots already carried over (a tombstone is never lifted: no slot comes back).
            for slot in 0..<processed where mapping[slot] >= 0 && removed[slot] { fresh.tombstone(mapping[slot]) }
            // Slots written since.
            for slot in processed..<count {
                guard !removed[slot] else {
                    mapping.append(-1)
                    continue
                }
                let freshSlot = fresh.append(id: newIDs[slot], vector: table.vector(Int32(slot)))
                mapping.append(freshSlot)
                if withGraph {
                    _ = insert(Int(freshSlot)..<Int(freshSlot) + 1, into: &graph, table: fresh.store.view,
                               visited: visited, generator: &generator, checking: nil, of: reference)
                }
            }
            processed = count
        }
        for _ in 0..<catchUpRounds {
            guard let now = reference.object?.reading(source, { state in
                (count: state.slotCount, removed: state.removed, newIDs: state.ids[processed...], table: state.store.view)
            }) else { return abandon(reference) }
            if now.count - processed <= finalCatchUpLimit {
                // Few inserts left; removals are cheap: carry them over now and the rest under the writer.
                carryOver(processed, now.removed, now.newIDs, now.table)
                break
            }
            carryOver(now.count, now.removed, now.newIDs, now.table)
        }
        guard let index = reference.object else { return }
        index.writer.withLock {
            guard index.state === source else { return index.scheduleIfNeeded(finishing: true) }
            // Holding the writer: the state does not change.
            carryOver(source.slotCount, source.removed, source.ids[processed...], source.store.view)
            carryOver = { _, _, _, _ in }
            index.lock.withWriteLock {
                if withGraph { fresh.graph = graph }
                index.state = fresh
                graph = HNSWGraph(maxConnections: 2, efConstruction: 2)
            }
            index.scheduleIfNeeded(finishing: true)
        }
    }

    /// Inserts `slots` (the next nodes, stored in `table`) into `graph`. With `source`, checks every
    /// ``checkInterval`` nodes that `source` is still the state of a live index; `false` when it is not.
    @_optimize(speed)
    static func insert(
        _ slots: Range<Int>, into graph: inout HNSWGraph, table: VectorTable, visited: VisitedSet,
        generator: inout SplitMix64, checking source: IndexState?, of reference: WeakReference<VectorIndex>
    ) -> Bool {
        for slot in slots {
            if let source, (slot - slots.lowerBound) % checkInterval == checkInterval - 1,
                reference.object?.reading(source, { _ in true }) == nil
            {
                return false
            }
            let level = graph.randomLevel(using: &generator)
            let plan = graph.planInsert(slot: Int32(slot), level: level, vectors: table, visited: visited)
            graph.apply(plan)
        }
        return true
    }

    /// Ends a job that is no longer wanted: the next one (if the index still exists) is scheduled.
    static func abandon(_ reference: WeakReference<VectorIndex>) {
        guard let index = reference.object else { return }
        index.writer.withLock { index.scheduleIfNeeded(finishing: true) }
    }
}
