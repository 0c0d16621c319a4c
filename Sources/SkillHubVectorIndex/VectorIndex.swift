/// An in-memory approximate nearest-neighbour index of L2-normalised `Float` vectors, keyed by a
/// caller-given `Int64` id (for SkillHub, a chunk's row id). Similarity is the dot product, which is the
/// cosine similarity for normalised vectors; larger is more similar.
///
/// Below ``VectorIndexConfiguration/exactSearchThreshold`` live vectors (2,000 by default) every search is
/// exact: one pass over contiguous storage. From there on the index builds and maintains an HNSW graph
/// (Malkov & Yashunin; `M` = 16, `efConstruction` = 200, `ef` at query time at least `max(k, 64)`, level
/// multiplier 1/ln M, the neighbour selection heuristic). Vectors are stored in one contiguous `[Float]`.
///
/// Removal tombstones a graph node: it still routes searches but is never returned. When tombstones pass
/// ``VectorIndexConfiguration/compactionFraction`` of the nodes, the graph is rebuilt from the live vectors;
/// searches keep running during the rebuild (they see the old graph), writers wait for it.
///
/// Thread safety: any number of searches run at once under a readers-writer lock; writes are serialised by
/// a writer mutex and hold the lock exclusively only to apply a change already planned (an insert's graph
/// search, the expensive part, runs beside searches).
public final class VectorIndex: Sendable {
    /// The number of components of every vector and query.
    public let dimensions: Int
    /// The tuning, as given (clamped into usable ranges).
    public let configuration: VectorIndexConfiguration

    private let lock = ReadWriteLock()
    private let writer = PlainMutex()
    private let visitedSets = VisitedSetPool()
    /// Read under `lock` (shared); replaced or changed under `lock` (exclusive) by a holder of `writer`.
    private nonisolated(unsafe) var state: IndexState

    /// Creates an empty index for vectors of `dimensions` components.
    /// - Throws: ``VectorIndexError/invalidDimensions(_:)`` when `dimensions` < 1.
    public init(dimensions: Int, configuration: VectorIndexConfiguration = VectorIndexConfiguration()) throws(VectorIndexError) {
        guard dimensions >= 1 else { throw .invalidDimensions(dimensions) }
        self.dimensions = dimensions
        self.configuration = configuration.sanitised
        state = IndexState(
            dimensions: dimensions, configuration: self.configuration,
            generator: SplitMix64(seed: configuration.seed))
    }

    // MARK: Reading

    /// The number of ids in the index.
    public var count: Int {
        lock.withReadLock { state.liveCount }
    }

    /// Whether `id` is in the index.
    public func contains(id: Int64) -> Bool {
        lock.withReadLock {
            guard let slot = state.slotByID[id] else { return false }
            return !state.removed[Int(slot)]
        }
    }

    /// Whether searches currently go through the HNSW graph (`false`: exact search).
    public var usesGraph: Bool {
        lock.withReadLock { state.graph != nil }
    }

    /// An estimate of the heap memory the index holds: vectors, ids, the id table, the graph and the
    /// searches' scratch space.
    public var approximateMemoryBytes: Int {
        lock.withReadLock { state.memoryBytes } + visitedSets.memoryBytes
    }

    /// The `k` stored vectors most similar to `query`, best first (equal scores by ascending id).
    ///
    /// - Parameters:
    ///   - query: a vector of ``dimensions`` components, L2-normalised like the stored ones.
    ///   - k: how many results; 0 or less gives none. Fewer come back only when fewer ids (that `filter`
    ///     accepts) exist.
    ///   - filter: when given, only ids for which it returns `true` are returned. It is called on the
    ///     searching thread while the index is read-locked: it must not call back into this index's
    ///     writing methods. When it rejects many candidates the graph search widens and, past a budget,
    ///     falls back to an exact search over the accepted ids, so `k` results still come back.
    /// - Returns: `(id, score)` pairs, score being the dot product.
    /// - Throws: ``VectorIndexError/dimensionMismatch(expected:actual:)`` or
    ///   ``VectorIndexError/nonFiniteComponent(index:)``.
    public func search(
        _ query: [Float], k: Int, filter: ((Int64) -> Bool)? = nil
    ) throws(VectorIndexError) -> [(id: Int64, score: Float)] {
        try validate(query)
        guard k > 0 else { return [] }
        return lock.withReadLock {
            let state = self.state
            guard state.liveCount > 0 else { return [] }
            let found: [ScoredSlot] = query.withUnsafeBufferPointer { queryBuffer in
                guard let queryBase = queryBuffer.baseAddress else { return [] }
                if state.graph != nil {
                    return graphSearch(queryBase, k: k, filter: filter, state: state)
                }
                return state.exactSearch(queryBase, k: k, filter: filter)
            }
            return found
                .map { (id: state.ids[Int($0.slot)], score: $0.score) }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        }
    }

    private func graphSearch(
        _ query: UnsafePointer<Float>, k: Int, filter: ((Int64) -> Bool)?, state: IndexState
    ) -> [ScoredSlot] {
        guard let graph = state.graph else { return state.exactSearch(query, k: k, filter: filter) }
        var ef = max(k, configuration.efSearch)
        if state.removedCount > 0 {
            // Tombstones still route but fill no result: widen by the share of live nodes.
            ef = min(ef * 4, ef * state.slotCount / max(1, state.liveCount))
        }
        let restricted = filter != nil || state.removedCount > 0
        // Past this many similarity computations a filtered search is cheaper done exactly.
        let budget = restricted ? max(4_096, ef * graph.maxConnections0 * 4) : Int.max
        let outcome: LayerSearchResult = state.vectors.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return LayerSearchResult(results: [], exhaustedBudget: false) }
            let table = VectorTable(base: base, dimensions: dimensions)
            return state.removed.withUnsafeBufferPointer { removed in
                state.ids.withUnsafeBufferPointer { ids in
                    let accept: ((Int32) -> Bool)?
                    if let filter {
                        accept = { slot in !removed[Int(slot)] && filter(ids[Int(slot)]) }
                    } else if restricted {
                        accept = { slot in !removed[Int(slot)] }
                    } else {
                        accept = nil
                    }
                    return visitedSets.withVisitedSet(capacity: state.slotCount) { visited in
                        graph.search(query, ef: ef, vectors: table, visited: visited, visitBudget: budget, accept: accept)
                    }
                }
            }
        }
        if !outcome.exhaustedBudget && (outcome.results.count >= k || (!restricted && outcome.results.count >= state.liveCount)) {
            return Array(outcome.results.prefix(k))
        }
        // The budget ran out (the filter rejects most of what the graph reaches) or too few accepted nodes
        // were reachable: answer exactly over the accepted set.
        return state.exactSearch(query, k: k, filter: filter)
    }

    // MARK: Writing

    /// Adds `vector` under `id`, replacing the vector of an `id` already there.
    /// - Throws: ``VectorIndexError/dimensionMismatch(expected:actual:)`` or
    ///   ``VectorIndexError/nonFiniteComponent(index:)``; the index is unchanged then.
    public func insert(id: Int64, vector: [Float]) throws(VectorIndexError) {
        try validate(vector)
        writer.withLock {
            insertLocked(id: id, vector: vector)
            compactIfNeeded()
        }
    }

    /// Adds many vectors at once: the fast way to fill an index (at start-up, from the database).
    /// Validates everything first: on a thrown error nothing was added. Later entries win over earlier ones
    /// with the same id. Into an exact-mode index, all vectors are stored first and the graph, if the
    /// threshold is crossed, is built once over all of them, while searches keep answering exactly.
    public func insert(contentsOf entries: some Sequence<(id: Int64, vector: [Float])>) throws(VectorIndexError) {
        let entries = Array(entries)
        for entry in entries { try validate(entry.vector) }
        var flattened: [Float] = []
        flattened.reserveCapacity(entries.count * dimensions)
        for entry in entries { flattened.append(contentsOf: entry.vector) }
        try insert(ids: entries.map(\.id), flattenedVectors: flattened)
    }

    /// Adds `ids.count` vectors given back to back in `flattenedVectors` (vector `i` at
    /// `i × dimensions ..< (i + 1) × dimensions`), as read from a `bytea` or `real[]` column in bulk.
    /// - Throws: ``VectorIndexError/bulkLengthMismatch(expected:actual:)`` or
    ///   ``VectorIndexError/nonFiniteComponent(index:)`` (the index into `flattenedVectors`); nothing is
    ///   added then.
    public func insert(ids: [Int64], flattenedVectors: [Float]) throws(VectorIndexError) {
        guard flattenedVectors.count == ids.count * dimensions else {
            throw .bulkLengthMismatch(expected: ids.count * dimensions, actual: flattenedVectors.count)
        }
        if let bad = VectorMath.firstNonFinite(flattenedVectors) { throw .nonFiniteComponent(index: bad) }
        writer.withLock {
            if state.graph == nil {
                flattenedVectors.withUnsafeBufferPointer { all in
                    lock.withWriteLock {
                        state.reserveCapacity(state.slotCount + ids.count)
                        for (index, id) in ids.enumerated() {
                            let start = index * dimensions
                            state.storeExact(id: id, vector: UnsafeBufferPointer(rebasing: all[start..<(start + dimensions)]))
                        }
                    }
                }
                buildGraphIfNeeded()
            } else {
                lock.withWriteLock { state.reserveCapacity(state.slotCount + ids.count) }
                for (index, id) in ids.enumerated() {
                    let start = index * dimensions
                    insertLocked(id: id, vector: Array(flattenedVectors[start..<(start + dimensions)]))
                }
            }
            compactIfNeeded()
        }
    }

    /// Removes `id`; afterwards no search returns it.
    /// - Returns: whether `id` was in the index.
    @discardableResult
    public func remove(id: Int64) -> Bool {
        writer.withLock {
            guard let slot = state.slotByID[id] else { return false }
            lock.withWriteLock {
                if state.graph == nil {
                    state.removeExact(slot: slot)
                } else {
                    state.slotByID[id] = nil
                    state.removed[Int(slot)] = true
                    state.removedCount += 1
                }
            }
            compactIfNeeded()
            return true
        }
    }

    /// Removes every vector.
    public func removeAll() {
        writer.withLock {
            let empty = IndexState(dimensions: dimensions, configuration: configuration, generator: state.generator)
            lock.withWriteLock { state = empty }
        }
    }

    /// Rebuilds the storage and graph from the live vectors now, dropping every tombstone (normally done
    /// automatically past ``VectorIndexConfiguration/compactionFraction``). Searches continue meanwhile.
    public func compact() {
        writer.withLock {
            guard state.removedCount > 0 else { return }
            let fresh = state.compacted()
            lock.withWriteLock { state = fresh }
        }
    }

    // MARK: Internals (the caller holds `writer`)

    private func insertLocked(id: Int64, vector: [Float]) {
        guard state.graph != nil else {
            vector.withUnsafeBufferPointer { buffer in
                lock.withWriteLock { state.storeExact(id: id, vector: buffer) }
            }
            buildGraphIfNeeded()
            return
        }
        let slot = Int32(state.slotCount)
        let level = state.graph?.randomLevel(using: &state.generator) ?? 0
        // Plan while searches still run: only this writer changes the state.
        let plan: InsertPlan? = state.vectors.withUnsafeBufferPointer { buffer in
            vector.withUnsafeBufferPointer { pending in
                guard let base = buffer.baseAddress, let pendingBase = pending.baseAddress else { return nil }
                let table = VectorTable(base: base, dimensions: dimensions, pendingSlot: slot, pending: pendingBase)
                return visitedSets.withVisitedSet(capacity: state.slotCount + 1) { visited in
                    state.graph?.planInsert(slot: slot, level: level, vectors: table, visited: visited)
                }
            }
        }
        guard let plan else { return }
        lock.withWriteLock {
            if let old = state.slotByID[id], !state.removed[Int(old)] {
                state.removed[Int(old)] = true
                state.removedCount += 1
            }
            state.slotByID[id] = slot
            state.ids.append(id)
            state.removed.append(false)
            state.vectors.append(contentsOf: vector)
            state.graph?.apply(plan)
        }
    }

    private func buildGraphIfNeeded() {
        guard state.graph == nil, state.slotCount >= configuration.exactSearchThreshold, state.slotCount > 0 else { return }
        let graph = state.buildGraph()
        lock.withWriteLock { state.graph = graph }
    }

    private func compactIfNeeded() {
        guard state.graph != nil, state.removedCount > 0,
            Double(state.removedCount) > configuration.compactionFraction * Double(state.slotCount)
        else { return }
        let fresh = state.compacted()
        lock.withWriteLock { state = fresh }
    }

    private func validate(_ vector: [Float]) throws(VectorIndexError) {
        guard vector.count == dimensions else {
            throw .dimensionMismatch(expected: dimensions, actual: vector.count)
        }
        if let bad = VectorMath.firstNonFinite(vector) { throw .nonFiniteComponent(index: bad) }
    }
}
