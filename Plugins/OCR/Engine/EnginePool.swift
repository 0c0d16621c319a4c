/// Tesseract engines kept warm per language set, at most `capacity` alive and busy at once.
///
/// A recognition takes a slot; it gets an idle engine of its language set, or a new one (an idle engine of
/// another set is dropped when the pool is full). When every slot is busy, callers wait in order. Engine work
/// runs on each engine's own queue, never on the cooperative pool.
actor EnginePool {
    let capacity: Int
    private let tessdata: Tessdata
    private var idle: [LanguageSet: [TesseractEngine]] = [:]
    private var busy = 0
    private var engines = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID = 0

    init(capacity: Int, tessdata: Tessdata) {
        self.capacity = max(1, capacity)
        self.tessdata = tessdata
    }

    /// Runs `body` with an engine for `languages`, which goes back to the pool afterwards, even when `body` throws.
    func withEngine<T: Sendable>(_ languages: LanguageSet, _ body: @Sendable (TesseractEngine) async throws -> T) async throws -> T {
        try await acquireSlot()
        let engine: TesseractEngine
        do {
            engine = try await takeEngine(languages)
        } catch {
            releaseSlot()
            throw error
        }
        defer { giveBack(engine) }
        return try await body(engine)
    }

    /// Counts for tests and metrics.
    var stats: EnginePoolStats {
        EnginePoolStats(engines: engines, idle: idle.values.reduce(0) { $0 + $1.count }, busy: busy, waiting: waiters.count)
    }

    private func acquireSlot() async throws {
        if busy < capacity, waiters.isEmpty {
            busy += 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Hands the slot to the next waiter, or frees it.
    private func releaseSlot() {
        if waiters.isEmpty {
            busy -= 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func takeEngine(_ languages: LanguageSet) async throws -> TesseractEngine {
        if let engine = idle[languages]?.popLast() {
            return engine
        }
        let idleCount = idle.values.reduce(0) { $0 + $1.count }
        if busy + idleCount > capacity, let other = idle.first(where: { !$0.value.isEmpty })?.key,
           let dropped = idle[other]?.popLast() {
            engines -= 1
            TesseractEngine.dispose(dropped)
        }
        let engine = try await TesseractEngine.create(languages: languages, tessdata: tessdata)
        engines += 1
        return engine
    }

    private func giveBack(_ engine: TesseractEngine) {
        idle[engine.languages, default: []].append(engine)
        releaseSlot()
    }
}

/// A snapshot of an ``EnginePool``.
public struct EnginePoolStats: Sendable, Equatable {
    /// Engines alive, idle or in use.
    public var engines: Int
    public var idle: Int
    /// Slots taken by recognitions (running, or getting their engine).
    public var busy: Int
    /// Callers waiting for a slot.
    public var waiting: Int

    public init(engines: Int, idle: Int, busy: Int, waiting: Int) {
        self.engines = engines
        self.idle = idle
        self.busy = busy
        self.waiting = waiting
    }
}
