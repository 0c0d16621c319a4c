/// The chunks holding one term: their slots in the index and the term's frequency in each, as two
/// parallel arrays (6 bytes an entry). Entries of removed chunks stay until the index compacts.
struct PostingList: Sendable {
    var slots: [UInt32] = []
    var frequencies: [UInt16] = []

    var count: Int { slots.count }

    mutating func append(slot: UInt32, frequency: UInt16) {
        slots.append(slot)
        frequencies.append(frequency)
    }
}
