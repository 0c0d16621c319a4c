/// The data of a ``VectorIndex``: vectors in one contiguous `[Float]` (slot `i` at `i × dimensions`),
/// the caller's id per slot, tombstones, and the HNSW graph once the index is large enough.
///
/// Not synchronised itself: ``VectorIndex`` reads it under its read lock, plans changes holding only its
/// writer mutex (no one else changes it then) and changes it under its write lock.
final class IndexState: @unchecked Sendable {
    let dimensions: Int
    let configuration: VectorIndexConfiguration
    var vectors: [Float] = []
    var ids: [Int64] = []
    var slotByID: [Int64: Int32] = [:]
    /// Tombstones, graph mode only (exact mode deletes for real by moving the last slot into the hole).
    var removed: [Bool] = []
    var removedCount = 0
    var graph: HNSWGraph?
    var generator: SplitMix64

    init(dimensions: Int, configuration: VectorIndexConfiguration, generator: SplitMix64) {
        self.dimensions = dimensions
        self.configuration = configuration
        self.generator = generator
    }

    var slotCount: Int { ids.count }
    var liveCount: Int { ids.count - removedCount }

    var memoryBytes: Int {
        vectors.capacity * 4 + ids.capacity * 8 + removed.capacity
            + slotByID.capacity * 13  // key, value and about one byte of hash-table metadata per bucket
            + (graph?.memoryBytes ?? 0)
    }

    func reserveCapacity(_ slots: Int) {
        vectors.reserveCapacity(slots * dimensions)
        ids.reserveCapacity(slots)
        removed.reserveCapacity(slots)
        slotByID.reserveCapacity(slots)
    }

    // MARK: Exact mode changes (called under the write lock)

    /// Stores `vector` for `id`, overwriting in place when the id exists.
    @_optimize(speed)
    func storeExact(id: Int64, vector: UnsafeBufferPointer<Float>) {
        if let slot = slotByID[id] {
            let start = Int(slot) * dimensions
            vectors.withUnsafeMutableBufferPointer { all in
                for index in 0..<dimensions { all[start + index] = vector[index] }
            }
        } else {
            slotByID[id] = Int32(ids.count)
            ids.append(id)
            removed.append(false)
            vectors.append(contentsOf: vector)
        }
    }

    /// Deletes the slot of `id` by moving the last slot into it.
    func removeExact(slot: Int32) {
        let hole = Int(slot)
        let last = ids.count - 1
        slotByID[ids[hole]] = nil
        if hole != last {
            let movedID = ids[last]
            ids[hole] = movedID
            slotByID[movedID] = slot
            vectors.withUnsafeMutableBufferPointer { all in
                for index in 0..<dimensions { all[hole * dimensions + index] = all[last * dimensions + index] }
            }
        }
        ids.removeLast()
        removed.removeLast()
        vectors.removeLast(dimensions)
    }

    // MARK: Building

    /// Builds a graph over every stored slot (there must be no tombstones). Only reads the storage, so
    /// searches may run meanwhile; the caller attaches the result under the write lock.
    @_optimize(speed)
    func buildGraph() -> HNSWGraph {
        var graph = HNSWGraph(
            maxConnections: configuration.maxConnections, efConstruction: configuration.efConstruction)
        graph.reserveCapacity(slotCount)
        let visited = VisitedSet(capacity: slotCount)
        var generator = self.generator
        vectors.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let table = VectorTable(base: base, dimensions: dimensions)
            for slot in 0..<slotCount {
                let level = graph.randomLevel(using: &generator)
                let plan = graph.planInsert(slot: Int32(slot), level: level, vectors: table, visited: visited)
                graph.apply(plan)
            }
        }
        self.generator = generator
        return graph
    }

    /// A new state holding only the live vectors, with a fresh graph when there are enough of them.
    func compacted() -> IndexState {
        let fresh = IndexState(dimensions: dimensions, configuration: configuration, generator: generator)
        fresh.reserveCapacity(liveCount)
        vectors.withUnsafeBufferPointer { all in
            for slot in 0..<slotCount where !removed[slot] {
                let start = slot * dimensions
                fresh.storeExact(id: ids[slot], vector: UnsafeBufferPointer(rebasing: all[start..<(start + dimensions)]))
            }
        }
        if fresh.slotCount >= configuration.exactSearchThreshold && fresh.slotCount > 0 {
            fresh.graph = fresh.buildGraph()
        }
        return fresh
    }

    // MARK: Searching (called under the read lock)

    /// Exact top `k` over the live slots that `filter` accepts, best first.
    @_optimize(speed)
    func exactSearch(_ query: UnsafePointer<Float>, k: Int, filter: ((Int64) -> Bool)?) -> [ScoredSlot] {
        var heap = MinHeap(capacity: k + 1)
        vectors.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            removed.withUnsafeBufferPointer { removed in
                ids.withUnsafeBufferPointer { ids in
                    var vector = base
                    for slot in 0..<ids.count {
                        defer { vector += dimensions }
                        if removed[slot] { continue }
                        if let filter, !filter(ids[slot]) { continue }
                        let score = VectorMath.dot(query, vector, count: dimensions)
                        if heap.count < k {
                            heap.push(ScoredSlot(score: score, slot: Int32(slot)))
                        } else if score > heap.top.score {
                            heap.replaceTop(ScoredSlot(score: score, slot: Int32(slot)))
                        }
                    }
                }
            }
        }
        return heap.items
    }
}
