import Foundation
import NIOConcurrencyHelpers

/// The documents this instance's ``EmbeddingWorker`` is embedding now, so that a caller who
/// wants one searchable can wait for the run that holds it instead of returning before it is.
final class DocumentsInFlight: Sendable {
    private let waiters = NIOLockedValueBox<[UUID: [CheckedContinuation<Void, Never>]]>([:])

    /// A run of `documentID` starts.
    func begin(_ documentID: UUID) {
        waiters.withLockedValue { $0[documentID] = $0[documentID] ?? [] }
    }

    /// The run of `documentID` is over (ready and announced, or failed): its waiters go on.
    func end(_ documentID: UUID) {
        let waiting = waiters.withLockedValue { $0.removeValue(forKey: documentID) } ?? []
        for waiter in waiting { waiter.resume() }
    }

    /// Waits for the run of `documentID` when there is one now; at once otherwise.
    func waitForRun(of documentID: UUID) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let isRunning = waiters.withLockedValue { waiters -> Bool in
                guard waiters[documentID] != nil else { return false }
                waiters[documentID, default: []].append(waiter)
                return true
            }
            if !isRunning { waiter.resume() }
        }
    }
}
