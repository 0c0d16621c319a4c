/// The storage of a ``TermIndex``, changed only under its lock.
///
/// Every chunk ever added has a slot (its position in `chunkIDs`, `lengths`, `live`); terms are
/// interned to integer ids, each with a ``PostingList`` of slots. Removing a chunk only marks its
/// slot dead (its postings stay and are skipped) until dead slots pass a quarter of all, when
/// ``compact()`` rewrites the postings of the live ones.
struct TermIndexState: Sendable {
    var termIDs: [String: UInt32] = [:]
    var postings: [PostingList] = []
    var chunkIDs: [Int64] = []
    var lengths: [UInt32] = []
    var live: [Bool] = []
    var slotByID: [Int64: UInt32] = [:]
    /// The sum of the live chunks' lengths.
    var totalLength: UInt64 = 0
    var deadSlots = 0

    var liveCount: Int { slotByID.count }

    /// Adds a chunk (replacing one with the same id). Terms with a frequency below 1 are left out.
    mutating func insert(id: Int64, terms: [(term: String, frequency: Int)]) {
        remove(id: id)
        let slot = UInt32(chunkIDs.count)
        var length: UInt64 = 0
        var seen = Set<UInt32>()
        for (term, frequency) in terms where frequency > 0 {
            let termID = intern(term)
            // A term given twice counts once, with its frequencies summed (in its first entry's place).
            if !seen.insert(termID).inserted {
                if let last = postings[Int(termID)].slots.indices.last, postings[Int(termID)].slots[last] == slot {
                    let sum = Int(postings[Int(termID)].frequencies[last]) + frequency
                    postings[Int(termID)].frequencies[last] = UInt16(min(sum, Int(UInt16.max)))
                }
            } else {
                postings[Int(termID)].append(slot: slot, frequency: UInt16(min(frequency, Int(UInt16.max))))
            }
            length += UInt64(frequency)
        }
        chunkIDs.append(id)
        lengths.append(UInt32(min(length, UInt64(UInt32.max))))
        live.append(true)
        slotByID[id] = slot
        totalLength += UInt64(lengths[Int(slot)])
    }

    /// Marks a chunk's slot dead; whether it was there.
    @discardableResult
    mutating func remove(id: Int64) -> Bool {
        guard let slot = slotByID.removeValue(forKey: id) else { return false }
        live[Int(slot)] = false
        totalLength -= UInt64(lengths[Int(slot)])
        deadSlots += 1
        return true
    }

    /// Compacts when dead slots are more than a quarter of all (and more than a few).
    mutating func compactIfWorthIt() {
        if deadSlots > 64, deadSlots * 4 > chunkIDs.count { compact() }
    }

    /// Renumbers the live slots densely and drops the dead ones' postings (and terms no live chunk holds).
    mutating func compact() {
        var newSlot = [UInt32](repeating: .max, count: chunkIDs.count)
        var newChunkIDs: [Int64] = []
        var newLengths: [UInt32] = []
        newChunkIDs.reserveCapacity(liveCount)
        newLengths.reserveCapacity(liveCount)
        for slot in chunkIDs.indices where live[slot] {
            newSlot[slot] = UInt32(newChunkIDs.count)
            slotByID[chunkIDs[slot]] = UInt32(newChunkIDs.count)
            newChunkIDs.append(chunkIDs[slot])
            newLengths.append(lengths[slot])
        }
        var newTermIDs: [String: UInt32] = [:]
        var newPostings: [PostingList] = []
        for (term, termID) in termIDs {
            var list = PostingList()
            let old = postings[Int(termID)]
            for index in 0..<old.count where newSlot[Int(old.slots[index])] != .max {
                list.append(slot: newSlot[Int(old.slots[index])], frequency: old.frequencies[index])
            }
            guard list.count > 0 else { continue }
            newTermIDs[term] = UInt32(newPostings.count)
            newPostings.append(list)
        }
        termIDs = newTermIDs
        postings = newPostings
        chunkIDs = newChunkIDs
        lengths = newLengths
        live = [Bool](repeating: true, count: newChunkIDs.count)
        deadSlots = 0
    }

    private mutating func intern(_ term: String) -> UInt32 {
        if let id = termIDs[term] { return id }
        let id = UInt32(postings.count)
        termIDs[term] = id
        postings.append(PostingList())
        return id
    }
}
