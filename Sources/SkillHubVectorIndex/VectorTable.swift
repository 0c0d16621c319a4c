/// A view of the contiguous vector storage during one operation, plus optionally one vector not stored yet
/// (the one being inserted, addressed by the slot it will take).
struct VectorTable {
    let base: UnsafePointer<Float>
    let dimensions: Int
    let pendingSlot: Int32
    let pending: UnsafePointer<Float>

    init(base: UnsafePointer<Float>, dimensions: Int, pendingSlot: Int32 = -1, pending: UnsafePointer<Float>? = nil) {
        self.base = base
        self.dimensions = dimensions
        self.pendingSlot = pendingSlot
        self.pending = pending ?? base
    }

    @inline(__always)
    func vector(_ slot: Int32) -> UnsafePointer<Float> {
        slot == pendingSlot ? pending : base + Int(slot) &* dimensions
    }

    @inline(__always)
    func similarity(_ query: UnsafePointer<Float>, _ slot: Int32) -> Float {
        VectorMath.dot(query, vector(slot), count: dimensions)
    }
}
