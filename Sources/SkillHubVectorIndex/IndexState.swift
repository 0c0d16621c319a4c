/// The data of a ``VectorIndex``: vectors in a ``VectorStore`` (slots never move while a background job
/// runs), the caller's id per slot, tombstones, and the HNSW graph once the index is large enough. The graph
/// covers slots `0 ..< graph.nodeCount`; slots after those (the *tail*, filled by a bulk insert while a
/// background job extends the graph) are searched exactly.
///
/// Not synchronised itself: ``VectorIndex`` reads it under its read lock, plans changes holding only its
/// writer mutex (no one else changes it then) and changes it under its write lock. A background job reads
/// the slots that existed when it looked, through ``VectorStore/view``, holding a reference to the state.
final class IndexState: @unchecked Sendable {
    let dimensions: Int
    let configuration: VectorIndexConfiguration
    let store: VectorStore
    var ids: [Int64] = []
    var slotByID: [Int64: Int32] = [:]
    /// Tombstones: a removed slot stays (it may still route graph searches) until a compaction.
    var removed: [Bool] = []
    var removedCount = 0
    var graph: HNSWGraph?
    var generator: SplitMix64

    init(dimensions: Int, configuration: VectorIndexConfiguration, generator: SplitMix64) {
        self.dimensions = dimensions
        self.configuration = configuration
        self.generator = generator
        store = VectorStore(dimensions: dimensions)
    }

    var slotCount: Int { ids.count }
    var liveCount: Int { ids.count - removedCount }
    /// Slots the graph covers (0 without a graph).
    var graphedCount: Int { graph?.nodeCount ?? 0 }

    var memoryBytes: Int {
        store.memoryBytes + ids.capacity * 8 + removed.capacity
            + slotByID.capacity * 13  // key, value and about one byte of hash-table metadata per bucket
            + (graph?.memoryBytes ?? 0)
    }

    func reserveCapacity(_ slots: Int) {
        store.reserveCapacity(slots)
        ids.reserveCapacity(slots)
        removed.reserveCapacity(slots)
        slotByID.reserveCapacity(slots)
    }

    // MARK: Changes (called under the write lock, or on a state no one else sees yet)

    /// Appends `vector` for `id` in a new slot, tombstoning the slot `id` had. Returns the new slot.
    @discardableResult
    @_optimize(speed)
    func append(id: Int64, vector: UnsafePointer<Float>) -> Int32 {
        if let old = slotByID[id], !removed[Int(old)] {
            removed[Int(old)] = true
            removedCount += 1
        }
        let slot = Int32(ids.count)
        store.append(vector)
        ids.append(id)
        removed.append(false)
        slotByID[id] = slot
        return slot
    }

    /// Stores `vector` for `id`, overwriting in place when the id exists. Only without a graph and while no
    /// background job reads the store.
    func storeInPlace(id: Int64, vector: UnsafePointer<Float>) {
        if let slot = slotByID[id] {
            store.overwrite(Int(slot), with: vector)
        } else {
            append(id: id, vector: vector)
        }
    }

    /// Tombstones the live `slot`.
    func tombstone(_ slot: Int32) {
        let index = Int(slot)
        guard !removed[index] else { return }
        removed[index] = true
        removedCount += 1
        if slotByID[ids[index]] == slot { slotByID[ids[index]] = nil }
    }

    /// Deletes the live `slot` for real by moving the last slot (live or a tombstone) into it. Only without a
    /// graph and while no background job reads the store.
    func removeExact(slot: Int32) {
        let hole = Int(slot)
        let last = ids.count - 1
        if slotByID[ids[hole]] == slot { slotByID[ids[hole]] = nil }
        if hole != last {
            let movedID = ids[last]
            ids[hole] = movedID
            removed[hole] = removed[last]
            if !removed[last] { slotByID[movedID] = slot }
            store.overwrite(hole, with: store.pointer(last))
        } else if removed[hole] {
            removedCount -= 1
        }
        ids.removeLast()
        removed.removeLast()
        store.removeLast()
    }

    // MARK: Searching (called under the read lock)

    /// Exact top `k` over the live slots of `slots` that `filter` accepts (unordered).
    @_optimize(speed)
    func exactSearch(
        _ query: UnsafePointer<Float>, k: Int, filter: ((Int64) -> Bool)?, slots: Range<Int>? = nil
    ) -> [ScoredSlot] {
        let range = slots ?? 0..<slotCount
        guard !range.isEmpty else { return [] }
        var heap = MinHeap(capacity: k + 1)
        let table = store.view
        removed.withUnsafeBufferPointer { removed in
            ids.withUnsafeBufferPointer { ids in
                for slot in range {
                    if removed[slot] { continue }
                    if let filter, !filter(ids[slot]) { continue }
                    let score = table.similarity(query, Int32(slot))
                    if heap.count < k {
                        heap.push(ScoredSlot(score: score, slot: Int32(slot)))
                    } else if score > heap.top.score {
                        heap.replaceTop(ScoredSlot(score: score, slot: Int32(slot)))
                    }
                }
            }
        }
        return heap.items
    }
}
