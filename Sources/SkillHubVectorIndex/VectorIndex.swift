/// An in-memory approximate nearest-neighbour index of L2-normalised `Float` vectors, keyed by a
/// caller-given `Int64` id (for SkillHub, a chunk's row id). Similarity is the dot product, which is the
/// cosine similarity for normalised vectors; larger is more similar.
///
/// Below ``VectorIndexConfiguration/exactSearchThreshold`` live vectors (2,000 by default) every search is
/// exact: one pass over the stored vectors. From there on the index builds and maintains an HNSW graph
/// (Malkov & Yashunin; `M` = 16, `efConstruction` = 200, `ef` at query time `max(k, efSearch)` (100) unless
/// the query says otherwise, level multiplier 1/ln M, the neighbour selection heuristic).
///
/// Nothing expensive runs on the caller's thread. A bulk insert only copies the vectors in and returns;
/// searches answer exactly (brute force) until the graph, built by a background job on a thread of its own,
/// is ready and swapped in. Inserts and removals that arrive meanwhile are applied at once (searches see
/// them) and caught up by the job before the swap. A bulk insert into an index that already has a graph
/// likewise goes into a tail that searches scan exactly while a job adds it to the graph.
///
/// Removal tombstones a graph node (O(1)): it still routes searches but is never returned. When tombstones
/// pass ``VectorIndexConfiguration/compactionFraction`` of the nodes, a background job rebuilds the index
/// from the live vectors while searches and writes go on against the current one; the writes are carried
/// over before the swap. ``isBuildPending`` tells whether a job runs; ``waitUntilSettled()`` waits for it.
///
/// Thread safety: any number of searches run at once under a readers-writer lock; writes are serialised by
/// a writer mutex and hold the lock exclusively only to apply a change already planned (an insert's graph
/// search, the expensive part, runs beside searches).
public final class VectorIndex: Sendable {
    /// The number of components of every vector and query.
    public let dimensions: Int
    /// The tuning, as given (clamped into usable ranges).
    public let configuration: VectorIndexConfiguration

    /// Bulk inserts of at most this many vectors into a complete graph are inserted into it at once
    /// (about a millisecond each); larger ones go into the tail and a background job.
    static let synchronousBatchLimit = 64

    let lock = ReadWriteLock()
    let writer = PlainMutex()
    let visitedSets = VisitedSetPool()
    let work = BackgroundWork()
    /// Read under `lock` (shared); replaced or changed under `lock` (exclusive) by a holder of `writer`.
    nonisolated(unsafe) var state: IndexState
    /// ``compact()`` asked for a compaction; read and written holding `writer`.
    nonisolated(unsafe) var compactionRequested = false

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

    /// Whether searches currently go through the HNSW graph (`false`: exact search). The same as
    /// ``isGraphReady``.
    public var usesGraph: Bool {
        lock.withReadLock { state.graph != nil }
    }

    /// Whether an HNSW graph serves searches. `false` below the threshold and while the first graph is
    /// being built in the background (searches are exact then).
    public var isGraphReady: Bool {
        usesGraph
    }

    /// Whether a background job (a graph build, the graph's extension after a bulk insert, or a compaction)
    /// is running. Searches and writes never wait for it.
    public var isBuildPending: Bool {
        work.isRunning
    }

    /// Returns once no background job runs: the graph (if the index is large enough) covers every vector and
    /// no compaction is due. For tests, benchmarks and shutdown; a server need not wait.
    public func waitUntilSettled() async {
        await work.waitUntilIdle()
    }

    /// An estimate of the heap memory the index holds: vectors, ids, the id table, the graph and the
    /// searches' scratch space (not the second copy a running compaction is building).
    public var approximateMemoryBytes: Int {
        lock.withReadLock { state.memoryBytes } + visitedSets.memoryBytes
    }

    /// The `k` stored vectors most similar to `query`, best first (equal scores by ascending id).
    ///
    /// - Parameters:
    ///   - query: a vector of ``dimensions`` components, L2-normalised like the stored ones.
    ///   - k: how many results; 0 or less gives none. Fewer come back only when fewer ids (that `filter`
    ///     accepts) exist.
    ///   - ef: the graph search's candidate list size for this query: larger finds more of the true nearest
    ///     neighbours and costs more time. `nil` uses ``VectorIndexConfiguration/efSearch``; it is raised
    ///     to `k` at least. Exact searches ignore it.
    ///   - filter: when given, only ids for which it returns `true` are returned. It is called on the
    ///     searching thread while the index is read-locked: it must not call back into this index's
    ///     writing methods. When it rejects many candidates the graph search widens and, past a budget,
    ///     falls back to an exact search over the accepted ids, so `k` results still come back.
    /// - Returns: `(id, score)` pairs, score being the dot product.
    /// - Throws: ``VectorIndexError/dimensionMismatch(expected:actual:)`` or
    ///   ``VectorIndexError/nonFiniteComponent(index:)``.
    public func search(
        _ query: [Float], k: Int, ef: Int? = nil, filter: ((Int64) -> Bool)? = nil
    ) throws(VectorIndexError) -> [(id: Int64, score: Float)] {
        try validate(query)
        guard k > 0 else { return [] }
        let ef = max(k, ef.map { max(1, $0) } ?? configuration.efSearch)
        return lock.withReadLock {
            let state = self.state
            guard state.liveCount > 0 else { return [] }
            let found: [ScoredSlot] = query.withUnsafeBufferPointer { queryBuffer in
                guard let queryBase = queryBuffer.baseAddress else { return [] }
                if state.graph != nil {
                    return graphSearch(queryBase, k: k, ef: ef, filter: filter, state: state)
                }
                return state.exactSearch(queryBase, k: k, filter: filter)
            }
            return found
                .map { (id: state.ids[Int($0.slot)], score: $0.score) }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        }
    }

    private func graphSearch(
        _ query: UnsafePointer<Float>, k: Int, ef requestedEf: Int, filter: ((Int64) -> Bool)?, state: IndexState
    ) -> [ScoredSlot] {
        guard let graph = state.graph else { return state.exactSearch(query, k: k, filter: filter) }
        var ef = requestedEf
        if state.removedCount > 0 {
            // Tombstones still route but fill no result: widen by the share of live nodes.
            ef = min(ef * 4, ef * state.slotCount / max(1, state.liveCount))
        }
        let restricted = filter != nil || state.removedCount > 0
        // Past this many similarity computations a filtered search is cheaper done exactly.
        let budget = restricted ? max(4_096, ef * graph.maxConnections0 * 4) : Int.max
        let table = state.store.view
        let outcome: LayerSearchResult = state.removed.withUnsafeBufferPointer { removed in
            state.ids.withUnsafeBufferPointer { ids in
                let accept: ((Int32) -> Bool)?
                if let filter {
                    accept = { slot in !removed[Int(slot)] && filter(ids[Int(slot)]) }
                } else if restricted {
                    accept = { slot in !removed[Int(slot)] }
                } else {
                    accept = nil
                }
                return visitedSets.withVisitedSet(capacity: graph.nodeCount) { visited in
                    graph.search(query, ef: ef, vectors: table, visited: visited, visitBudget: budget, accept: accept)
                }
            }
        }
        let graphed = graph.nodeCount
        guard !outcome.exhaustedBudget && (outcome.results.count >= k || (!restricted && outcome.results.count >= graphed))
        else {
            // The budget ran out (the filter rejects most of what the graph reaches) or too few accepted
            // nodes were reachable: answer exactly over the accepted set.
            return state.exactSearch(query, k: k, filter: filter)
        }
        var results = Array(outcome.results.prefix(k))
        if graphed < state.slotCount {
            // The tail a background job is adding to the graph: exactly.
            results += state.exactSearch(query, k: k, filter: filter, slots: graphed..<state.slotCount)
            results.sort { $0.score > $1.score }
            results.removeLast(max(0, results.count - k))
        }
        return results
    }

    // MARK: Writing

    /// Adds `vector` under `id`, replacing the vector of an `id` already there.
    /// - Throws: ``VectorIndexError/dimensionMismatch(expected:actual:)`` or
    ///   ``VectorIndexError/nonFiniteComponent(index:)``; the index is unchanged then.
    public func insert(id: Int64, vector: [Float]) throws(VectorIndexError) {
        try validate(vector)
        vector.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            writer.withLock {
                insertLocked(id: id, vector: base)
                scheduleIfNeeded()
            }
        }
    }

    /// Adds many vectors at once: the fast way to fill an index (at start-up, from the database).
    /// Validates everything first: on a thrown error nothing was added. Later entries win over earlier ones
    /// with the same id. Returns once the vectors are copied in (searches find them at once, exactly); the
    /// graph is built or extended in the background (see ``isBuildPending``).
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
    /// Returns once they are copied in, like ``insert(contentsOf:)``.
    /// - Throws: ``VectorIndexError/bulkLengthMismatch(expected:actual:)`` or
    ///   ``VectorIndexError/nonFiniteComponent(index:)`` (the index into `flattenedVectors`); nothing is
    ///   added then.
    public func insert(ids: [Int64], flattenedVectors: [Float]) throws(VectorIndexError) {
        guard flattenedVectors.count == ids.count * dimensions else {
            throw .bulkLengthMismatch(expected: ids.count * dimensions, actual: flattenedVectors.count)
        }
        if let bad = VectorMath.firstNonFinite(flattenedVectors) { throw .nonFiniteComponent(index: bad) }
        flattenedVectors.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            writer.withLock {
                let state = self.state
                if ids.count <= Self.synchronousBatchLimit && state.graph != nil && state.graphedCount == state.slotCount {
                    for (index, id) in ids.enumerated() { insertLocked(id: id, vector: base + index * dimensions) }
                } else {
                    lock.withWriteLock { state.reserveCapacity(state.slotCount + ids.count) }
                    // In batches, so searches are never held up for long.
                    var start = 0
                    while start < ids.count {
                        let end = min(ids.count, start + 4_096)
                        let inPlace = state.graph == nil && !work.isRunning
                        lock.withWriteLock {
                            for index in start..<end {
                                let vector = base + index * dimensions
                                if inPlace {
                                    state.storeInPlace(id: ids[index], vector: vector)
                                } else {
                                    state.append(id: ids[index], vector: vector)
                                }
                            }
                        }
                        start = end
                    }
                }
                scheduleIfNeeded()
            }
        }
    }

    /// Removes `id`; afterwards no search returns it. Only marks it (the space is reclaimed by a
    /// compaction in the background), so it returns at once.
    /// - Returns: whether `id` was in the index.
    @discardableResult
    public func remove(id: Int64) -> Bool {
        writer.withLock {
            let state = self.state
            guard let slot = state.slotByID[id] else { return false }
            let deleteNow = state.graph == nil && !work.isRunning
            lock.withWriteLock {
                if deleteNow {
                    state.removeExact(slot: slot)
                } else {
                    state.tombstone(slot)
                }
            }
            scheduleIfNeeded()
            return true
        }
    }

    /// Removes every vector. A running background job is abandoned.
    public func removeAll() {
        writer.withLock {
            let empty = IndexState(dimensions: dimensions, configuration: configuration, generator: state.generator)
            lock.withWriteLock { state = empty }
        }
    }

    /// Starts rebuilding the storage and graph from the live vectors, dropping every tombstone (normally
    /// done automatically past ``VectorIndexConfiguration/compactionFraction``). Returns at once: the
    /// rebuild runs in the background (after a running job, if any) while searches and writes go on;
    /// ``waitUntilSettled()`` waits for it.
    public func compact() {
        writer.withLock {
            compactionRequested = true
            scheduleIfNeeded()
        }
    }

    // MARK: Internals (the caller holds `writer`)

    /// Inserts into the graph at once when it covers every slot; otherwise stores the vector (exact mode,
    /// or the tail a background job will add to the graph).
    private func insertLocked(id: Int64, vector: UnsafePointer<Float>) {
        let state = self.state
        guard state.graph != nil, state.graphedCount == state.slotCount else {
            let inPlace = state.graph == nil && !work.isRunning
            lock.withWriteLock {
                if inPlace {
                    state.storeInPlace(id: id, vector: vector)
                } else {
                    state.append(id: id, vector: vector)
                }
            }
            return
        }
        let slot = Int32(state.slotCount)
        // Plan while searches still run: only this writer changes the state. (In a closure, so that no copy
        // of the graph is alive when the plan is applied.)
        let plan: InsertPlan? = {
            guard let graph = state.graph else { return nil }
            let level = graph.randomLevel(using: &state.generator)
            let table = state.store.view.with(pending: vector, at: slot)
            return visitedSets.withVisitedSet(capacity: state.slotCount + 1) { visited in
                graph.planInsert(slot: slot, level: level, vectors: table, visited: visited)
            }
        }()
        guard let plan else { return }
        lock.withWriteLock {
            state.append(id: id, vector: vector)
            state.graph?.apply(plan)
        }
    }

    /// Starts the background job the state needs, if any and none runs. `finishing`: called by the job that
    /// is ending, which hands over to the next one or marks the work idle.
    func scheduleIfNeeded(finishing: Bool = false) {
        if !finishing && work.isRunning { return }
        let state = self.state
        if state.removedCount == 0 { compactionRequested = false }
        let overFraction = state.removedCount > 0
            && Double(state.removedCount) > configuration.compactionFraction * Double(state.slotCount)
        let reference = WeakReference(object: self)
        let job: (@Sendable () -> Void)?
        if compactionRequested || overFraction {
            compactionRequested = false
            job = { Self.runCompaction(of: state, index: reference) }
        } else if state.graph != nil
            ? state.graphedCount < state.slotCount
            : state.liveCount >= max(1, configuration.exactSearchThreshold)
        {
            job = { Self.runBuild(of: state, index: reference) }
        } else {
            job = nil
        }
        switch (job, finishing) {
        case (let job?, false): work.start(job)
        case (let job?, true): work.handOver(to: job)
        case (nil, true): work.finish()
        case (nil, false): break
        }
    }

    private func validate(_ vector: [Float]) throws(VectorIndexError) {
        guard vector.count == dimensions else {
            throw .dimensionMismatch(expected: dimensions, actual: vector.count)
        }
        if let bad = VectorMath.firstNonFinite(vector) { throw .nonFiniteComponent(index: bad) }
    }
}
