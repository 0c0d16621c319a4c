extension TermIndexState {
    /// The best `k` live chunks holding any of `terms` (distinct; unknown ones match nothing), by
    /// BM25 with `parameters`, only ids in `allowed` when given. Best first; equal scores by id.
    func search(_ terms: [String], k: Int, allowed: Set<Int64>?, parameters: BM25Parameters) -> [(id: Int64, score: Double)] {
        guard k > 0, liveCount > 0 else { return [] }
        var termIDsSeen = Set<UInt32>()
        let queried = terms.compactMap { termIDs[$0] }.filter { termIDsSeen.insert($0).inserted }
        guard !queried.isEmpty else { return [] }

        let documents = liveCount
        let averageLength = max(Double(totalLength) / Double(documents), Double.leastNonzeroMagnitude)
        var scores = [Double](repeating: 0, count: chunkIDs.count)
        var touched: [UInt32] = []
        for termID in queried {
            let list = postings[Int(termID)]
            let holding = deadSlots == 0 ? list.count : list.slots.reduce(0) { $0 + (live[Int($1)] ? 1 : 0) }
            guard holding > 0 else { continue }
            let idf = parameters.inverseDocumentFrequency(documents: documents, holding: holding)
            for index in 0..<list.count {
                let slot = Int(list.slots[index])
                guard live[slot] else { continue }
                let frequency = Double(list.frequencies[index])
                let norm = parameters.k1 * (1 - parameters.b + parameters.b * Double(lengths[slot]) / averageLength)
                if scores[slot] == 0 { touched.append(UInt32(slot)) }
                scores[slot] += idf * frequency / (frequency + norm)
            }
        }

        var top = TopHits(capacity: k)
        for slot in touched {
            let id = chunkIDs[Int(slot)]
            if let allowed, !allowed.contains(id) { continue }
            top.offer((id, scores[Int(slot)]))
        }
        return top.sorted()
    }

    /// An estimate of the heap memory held: the arrays' storage, the two dictionaries' tables (key,
    /// value and a hash word per entry at a load of 3/4) and the terms' own bytes past Swift's 15
    /// inline ones. The allocator's rounding and slack come on top.
    var approximateMemoryBytes: Int {
        let arrayHeader = 32
        var bytes = chunkIDs.capacity * 8 + lengths.capacity * 4 + live.capacity + 3 * arrayHeader
        bytes += postings.capacity * MemoryLayout<PostingList>.stride + arrayHeader
        for list in postings {
            bytes += list.slots.capacity * 4 + list.frequencies.capacity * 2 + 2 * arrayHeader
        }
        bytes += slotByID.capacity * (8 + 4 + 8) * 4 / 3
        bytes += termIDs.capacity * (16 + 4 + 8) * 4 / 3
        for term in termIDs.keys where term.utf8.count > 15 {
            bytes += term.utf8.count + arrayHeader
        }
        return bytes
    }
}
