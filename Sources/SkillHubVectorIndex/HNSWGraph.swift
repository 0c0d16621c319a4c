/// A hierarchical navigable small world graph (Malkov & Yashunin, 2018) over slots of contiguous vector
/// storage held elsewhere. Layer 0's neighbour lists are one flat `[Int32]` (a count, then up to `2M`
/// slots per node); the few nodes on upper layers keep theirs in a per-node array.
///
/// Similarity is the dot product; larger is closer.
struct HNSWGraph: Sendable {
    let maxConnections: Int
    let maxConnections0: Int
    let efConstruction: Int
    private(set) var level0: [Int32] = []
    private(set) var upper: [[Int32]] = []
    private(set) var levels: [UInt8] = []
    private(set) var entryPoint: Int32 = -1
    private(set) var maxLevel = -1

    init(maxConnections: Int, efConstruction: Int) {
        self.maxConnections = maxConnections
        self.maxConnections0 = maxConnections * 2
        self.efConstruction = efConstruction
    }

    var nodeCount: Int { levels.count }
    private var stride0: Int { maxConnections0 + 1 }
    private var strideUpper: Int { maxConnections + 1 }

    mutating func reserveCapacity(_ nodes: Int) {
        level0.reserveCapacity(nodes * stride0)
        upper.reserveCapacity(nodes)
        levels.reserveCapacity(nodes)
    }

    /// A level drawn so that P(level ≥ l) = M^-l, i.e. ⌊-ln(U) · mL⌋ with mL = 1/ln(M).
    func randomLevel(using generator: inout SplitMix64) -> Int {
        let uniform = 1.0 - Double(generator.next() >> 11) * 0x1p-53  // (0, 1]
        let factor = 1.0 / Double(maxConnections)
        var threshold = factor
        var level = 0
        while uniform <= threshold && level < 30 {
            level += 1
            threshold *= factor
        }
        return level
    }

    var memoryBytes: Int {
        var bytes = level0.capacity * 4 + levels.capacity + upper.capacity * 8
        for lists in upper where lists.capacity > 0 { bytes += lists.capacity * 4 + 32 }
        return bytes
    }

    // MARK: Neighbour lists

    @inline(__always)
    @_optimize(speed)
    private func withNeighbours<Result>(
        of node: Int32, level: Int, _ body: (UnsafeBufferPointer<Int32>) -> Result
    ) -> Result {
        if level == 0 {
            return level0.withUnsafeBufferPointer { all in
                let start = Int(node) &* stride0
                let count = Int(all[start])
                return body(UnsafeBufferPointer(rebasing: all[(start + 1)..<(start + 1 + count)]))
            }
        }
        return upper[Int(node)].withUnsafeBufferPointer { all in
            let start = (level - 1) * strideUpper
            let count = Int(all[start])
            return body(UnsafeBufferPointer(rebasing: all[(start + 1)..<(start + 1 + count)]))
        }
    }

    func neighbours(of node: Int32, level: Int) -> [Int32] {
        withNeighbours(of: node, level: level) { Array($0) }
    }

    @_optimize(speed)
    private mutating func setNeighbours(of node: Int32, level: Int, _ list: [Int32]) {
        if level == 0 {
            let start = Int(node) * stride0
            let count = min(list.count, maxConnections0)
            level0[start] = Int32(count)
            for index in 0..<count { level0[start + 1 + index] = list[index] }
        } else {
            let start = (level - 1) * strideUpper
            let count = min(list.count, maxConnections)
            upper[Int(node)][start] = Int32(count)
            for index in 0..<count { upper[Int(node)][start + 1 + index] = list[index] }
        }
    }

    // MARK: Searching

    /// Greedy descent on one upper layer: moves to the best neighbour until none is better.
    @_optimize(speed)
    private func greedyClosest(
        _ query: UnsafePointer<Float>, from start: ScoredSlot, level: Int, vectors: VectorTable
    ) -> ScoredSlot {
        var best = start
        var improved = true
        while improved {
            improved = false
            withNeighbours(of: best.slot, level: level) { list in
                for neighbour in list {
                    let score = vectors.similarity(query, neighbour)
                    if score > best.score {
                        best = ScoredSlot(score: score, slot: neighbour)
                        improved = true
                    }
                }
            }
        }
        return best
    }

    /// Algorithm 2: the `ef` best nodes of one layer reachable from `entries`, best first. Nodes that
    /// `accept` rejects (tombstones, filtered out) are traversed but not returned. The search gives up after
    /// computing `visitBudget` similarities and says so.
    @_optimize(speed)
    func searchLayer(
        _ query: UnsafePointer<Float>,
        entries: [ScoredSlot],
        ef: Int,
        level: Int,
        vectors: VectorTable,
        visited: VisitedSet,
        visitBudget: Int = .max,
        accept: ((Int32) -> Bool)? = nil
    ) -> LayerSearchResult {
        var candidates = MinHeap(capacity: ef * 2)  // scores negated: best on top
        var results = MinHeap(capacity: ef + 1)  // worst on top
        for entry in entries where visited.insert(entry.slot) {
            candidates.push(ScoredSlot(score: -entry.score, slot: entry.slot))
            if accept?(entry.slot) ?? true {
                results.push(entry)
                if results.count > ef { results.pop() }
            }
        }
        var lowerBound = results.isEmpty ? -Float.infinity : results.top.score
        var visits = 0
        var exhausted = false
        while let candidate = candidates.pop() {
            if -candidate.score < lowerBound && results.count >= ef { break }
            withNeighbours(of: candidate.slot, level: level) { list in
                for neighbour in list where visited.insert(neighbour) {
                    visits &+= 1
                    let score = vectors.similarity(query, neighbour)
                    guard results.count < ef || score > lowerBound else { continue }
                    candidates.push(ScoredSlot(score: -score, slot: neighbour))
                    guard accept?(neighbour) ?? true else { continue }
                    if results.count < ef {
                        results.push(ScoredSlot(score: score, slot: neighbour))
                    } else {
                        results.replaceTop(ScoredSlot(score: score, slot: neighbour))
                    }
                    lowerBound = results.top.score
                }
            }
            if visits >= visitBudget {
                exhausted = true
                break
            }
        }
        let sorted = results.items.sorted { $0.score > $1.score }
        return LayerSearchResult(results: sorted, exhaustedBudget: exhausted)
    }

    /// Algorithm 5: descends the upper layers greedily, then searches layer 0 with `ef`.
    @_optimize(speed)
    func search(
        _ query: UnsafePointer<Float>,
        ef: Int,
        vectors: VectorTable,
        visited: VisitedSet,
        visitBudget: Int,
        accept: ((Int32) -> Bool)?
    ) -> LayerSearchResult {
        guard entryPoint >= 0 else { return LayerSearchResult(results: [], exhaustedBudget: false) }
        var entry = ScoredSlot(score: vectors.similarity(query, entryPoint), slot: entryPoint)
        var level = maxLevel
        while level > 0 {
            entry = greedyClosest(query, from: entry, level: level, vectors: vectors)
            level -= 1
        }
        visited.reset(capacity: nodeCount)
        return searchLayer(
            query, entries: [entry], ef: ef, level: 0, vectors: vectors, visited: visited,
            visitBudget: visitBudget, accept: accept)
    }

    // MARK: Inserting

    /// Algorithm 4 (the heuristic): walks `candidates` best first and keeps one only if it is closer to the
    /// base than to every neighbour kept so far, which spreads the links over directions.
    @_optimize(speed)
    private func selectNeighbours(_ candidates: [ScoredSlot], maxCount: Int, vectors: VectorTable) -> [ScoredSlot] {
        guard candidates.count > maxCount else { return candidates }
        var selected: [ScoredSlot] = []
        selected.reserveCapacity(maxCount)
        for candidate in candidates {
            if selected.count >= maxCount { break }
            let vector = vectors.vector(candidate.slot)
            var keep = true
            for kept in selected where VectorMath.dot(vector, vectors.vector(kept.slot), count: vectors.dimensions) > candidate.score {
                keep = false
                break
            }
            if keep { selected.append(candidate) }
        }
        return selected
    }

    /// Algorithm 1, read-only half: where the node at `slot` (the next slot; its vector is `vectors`'
    /// pending one, or already stored) goes and whose lists change.
    @_optimize(speed)
    func planInsert(slot: Int32, level: Int, vectors: VectorTable, visited: VisitedSet) -> InsertPlan {
        var plan = InsertPlan(
            slot: slot, level: level, ownNeighbours: Array(repeating: [], count: level + 1), updates: [])
        guard entryPoint >= 0 else { return plan }
        let query = vectors.vector(slot)
        var entry = ScoredSlot(score: vectors.similarity(query, entryPoint), slot: entryPoint)
        var layer = maxLevel
        while layer > level {
            entry = greedyClosest(query, from: entry, level: layer, vectors: vectors)
            layer -= 1
        }
        var entries = [entry]
        layer = min(level, maxLevel)
        while layer >= 0 {
            visited.reset(capacity: nodeCount + 1)
            let found = searchLayer(
                query, entries: entries, ef: efConstruction, level: layer, vectors: vectors, visited: visited
            ).results
            let selected = selectNeighbours(found, maxCount: maxConnections, vectors: vectors)
            plan.ownNeighbours[layer] = selected.map(\.slot)
            let capacity = layer == 0 ? maxConnections0 : maxConnections
            for neighbour in selected {
                var list = neighbours(of: neighbour.slot, level: layer)
                if list.count < capacity {
                    list.append(slot)
                } else {
                    let base = vectors.vector(neighbour.slot)
                    var scored = list.map {
                        ScoredSlot(score: VectorMath.dot(base, vectors.vector($0), count: vectors.dimensions), slot: $0)
                    }
                    scored.append(ScoredSlot(score: neighbour.score, slot: slot))
                    scored.sort { $0.score > $1.score }
                    list = selectNeighbours(scored, maxCount: capacity, vectors: vectors).map(\.slot)
                }
                plan.updates.append(NeighbourUpdate(node: neighbour.slot, level: layer, neighbours: list))
            }
            entries = found
            layer -= 1
        }
        return plan
    }

    /// Algorithm 1, writing half: adds the planned node and its links. `plan.slot` must be the next slot.
    @_optimize(speed)
    mutating func apply(_ plan: InsertPlan) {
        guard Int(plan.slot) == nodeCount else { return }
        levels.append(UInt8(plan.level))
        level0.append(contentsOf: repeatElement(0, count: stride0))
        if plan.level > 0 {
            upper.append([Int32](repeating: 0, count: plan.level * strideUpper))
        } else {
            upper.append([])
        }
        for (level, list) in plan.ownNeighbours.enumerated() {
            setNeighbours(of: plan.slot, level: level, list)
        }
        for update in plan.updates {
            setNeighbours(of: update.node, level: update.level, update.neighbours)
        }
        if plan.level > maxLevel {
            maxLevel = plan.level
            entryPoint = plan.slot
        }
    }
}
