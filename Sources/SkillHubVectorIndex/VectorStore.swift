/// Append-only vector storage in fixed-size chunks that never move: a slot's memory stays where it is for the
/// store's lifetime, so a background build can read the slots it knows about while writers append more.
///
/// Not synchronised itself. ``VectorIndex`` appends under its write lock; searches read under its read lock;
/// a background job reads, without a lock, only slots that existed when it took its ``view`` (their memory
/// and the directory entries pointing to them never change while a job runs: in-place overwrites and
/// real deletions happen only when no job runs).
final class VectorStore: @unchecked Sendable {
    let dimensions: Int
    /// log2 of the vectors per chunk.
    let chunkShift: Int
    private(set) var count = 0
    private var directory: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private var directoryCapacity: Int
    private var chunkCount = 0
    /// Directories replaced by a larger one: a view taken earlier may still read them; freed on deinit.
    private var retiredDirectories: [UnsafeMutablePointer<UnsafeMutablePointer<Float>>] = []
    private var retiredCapacity = 0

    init(dimensions: Int) {
        self.dimensions = dimensions
        // About 1 MiB per chunk, between 16 and 4,096 vectors.
        var shift = 4
        while shift < 12 && (2 << shift) * dimensions * 4 <= 1 << 20 { shift += 1 }
        chunkShift = shift
        directoryCapacity = 4
        directory = .allocate(capacity: directoryCapacity)
    }

    deinit {
        for index in 0..<chunkCount { directory[index].deallocate() }
        directory.deallocate()
        for retired in retiredDirectories { retired.deallocate() }
    }

    var chunkCapacity: Int { 1 << chunkShift }

    /// A view of the slots stored so far (and of later ones, while the caller holds the lock writers take).
    var view: VectorTable {
        VectorTable(directory: UnsafePointer(directory), chunkShift: chunkShift, dimensions: dimensions)
    }

    var memoryBytes: Int {
        chunkCount * chunkCapacity * dimensions * 4 + (directoryCapacity + retiredCapacity) * 8
    }

    /// Makes room in the directory for `slots` slots (chunks themselves are allocated as needed).
    func reserveCapacity(_ slots: Int) {
        let chunks = (slots + chunkCapacity - 1) >> chunkShift
        if chunks > directoryCapacity { growDirectory(to: chunks) }
    }

    /// The memory of `slot` (< ``count``).
    @inline(__always)
    @_optimize(speed)
    func pointer(_ slot: Int) -> UnsafeMutablePointer<Float> {
        directory[slot >> chunkShift] + (slot & (chunkCapacity - 1)) &* dimensions
    }

    /// Copies `dimensions` floats from `vector` into a new last slot.
    @_optimize(speed)
    func append(_ vector: UnsafePointer<Float>) {
        let chunk = count >> chunkShift
        if chunk == chunkCount {
            if chunkCount == directoryCapacity { growDirectory(to: directoryCapacity * 2) }
            let memory = UnsafeMutablePointer<Float>.allocate(capacity: chunkCapacity * dimensions)
            memory.initialize(repeating: 0, count: chunkCapacity * dimensions)
            directory[chunkCount] = memory
            chunkCount += 1
        }
        pointer(count).update(from: vector, count: dimensions)
        count += 1
    }

    /// Overwrites `slot` with `vector` (only when no background job reads the store).
    func overwrite(_ slot: Int, with vector: UnsafePointer<Float>) {
        pointer(slot).update(from: vector, count: dimensions)
    }

    /// Drops the last slot (its chunk is kept for the next append).
    func removeLast() {
        count -= 1
    }

    private func growDirectory(to capacity: Int) {
        let larger = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: capacity)
        larger.initialize(from: directory, count: chunkCount)
        retiredDirectories.append(directory)
        retiredCapacity += directoryCapacity
        directory = larger
        directoryCapacity = capacity
    }
}
