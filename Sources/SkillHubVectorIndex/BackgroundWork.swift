import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a ``VectorIndex`` has a background job (a graph build or a compaction) running, the tasks
/// waiting for it to settle, and the threads the jobs run on.
///
/// A job runs on a thread of its own (never on the caller's, nor on the cooperative pool of Swift
/// concurrency, which a minute of CPU work would starve), at a lowered priority on Linux so that searches
/// and request handling go first when the cores are busy. One job at a time: the job hands over to the
/// next one (if any) without becoming idle in between, so a waiter wakes only when nothing is left to do.
final class BackgroundWork: @unchecked Sendable {
    private let mutex = PlainMutex()
    private var running = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    var isRunning: Bool {
        mutex.withLock { running }
    }

    /// Marks a job as running and starts `body` on a new thread.
    func start(_ body: @escaping @Sendable () -> Void) {
        mutex.withLock { running = true }
        spawn(body)
    }

    /// Starts `body` as the running job's successor: the work stays running throughout.
    func handOver(to body: @escaping @Sendable () -> Void) {
        spawn(body)
    }

    /// The running job ended with nothing to follow: wakes the waiters.
    func finish() {
        let woken = mutex.withLock {
            running = false
            defer { waiters = [] }
            return waiters
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once no job runs.
    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = mutex.withLock {
                if running { waiters.append(continuation) }
                return !running
            }
            if idle { continuation.resume() }
        }
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            #if canImport(Glibc)
            // Linux nice values are per thread: 0 means the calling thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #endif
            body()
        }
        thread.name = "VectorIndex background build"
        thread.stackSize = 1 << 20
        thread.start()
    }
}
