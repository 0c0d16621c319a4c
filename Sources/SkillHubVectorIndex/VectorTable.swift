/// A view of a ``VectorStore`` during one operation, plus optionally one vector not stored yet (the one being
/// inserted, addressed by the slot it will take).
struct VectorTable {
    let directory: UnsafePointer<UnsafeMutablePointer<Float>>
    let chunkShift: Int
    let dimensions: Int
    var pendingSlot: Int32 = -1
    var pending: UnsafePointer<Float>?

    init(directory: UnsafePointer<UnsafeMutablePointer<Float>>, chunkShift: Int, dimensions: Int) {
        self.directory = directory
        self.chunkShift = chunkShift
        self.dimensions = dimensions
    }

    /// The same view, with `vector` answering for `slot`.
    func with(pending vector: UnsafePointer<Float>, at slot: Int32) -> VectorTable {
        var copy = self
        copy.pendingSlot = slot
        copy.pending = vector
        return copy
    }

    @inline(__always)
    @_optimize(speed)
    func vector(_ slot: Int32) -> UnsafePointer<Float> {
        if slot == pendingSlot, let pending { return pending }
        let index = Int(slot)
        return UnsafePointer(directory[index &>> chunkShift] + (index & ((1 &<< chunkShift) &- 1)) &* dimensions)
    }

    @inline(__always)
    @_optimize(speed)
    func similarity(_ query: UnsafePointer<Float>, _ slot: Int32) -> Float {
        VectorMath.dot(query, vector(slot), count: dimensions)
    }
}
