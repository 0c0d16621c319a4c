import NIOConcurrencyHelpers
import PostgresNIO

/// Passes a pooled connection from the child task that leased it to the task that uses it, and
/// keeps the lease until that task is done: the wait for a lease can then be bounded (the child
/// is cancelled, which withdraws the request from the pool) while the body that uses the
/// connection still runs in the caller's task, unbounded.
final class LeaseHandOff: Sendable {
    typealias Offer = Result<PostgresConnection, any Error>

    private struct State {
        var offer: Offer?
        var taker: CheckedContinuation<Offer, Never>?
        var isReleased = false
        var holder: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    /// Offers the leased connection, or why there is none; only the first offer counts.
    func offer(_ offer: Offer) {
        let taker = state.withLockedValue { state -> CheckedContinuation<Offer, Never>? in
            guard state.offer == nil else { return nil }
            state.offer = offer
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume(returning: offer)
    }

    /// The first offer, once there is one.
    func take() async -> Offer {
        await withCheckedContinuation { continuation in
            let offered = state.withLockedValue { state -> Offer? in
                if state.offer == nil { state.taker = continuation }
                return state.offer
            }
            if let offered { continuation.resume(returning: offered) }
        }
    }

    /// The user is done with the connection (or never took it): the lease may end.
    func release() {
        let holder = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            state.isReleased = true
            defer { state.holder = nil }
            return state.holder
        }
        holder?.resume()
    }

    /// Waits, whatever cancellation says, until ``release()``: the connection must not go back to
    /// the pool while its user still sends on it.
    func waitForRelease() async {
        await withCheckedContinuation { continuation in
            let released = state.withLockedValue { state -> Bool in
                if !state.isReleased { state.holder = continuation }
                return state.isReleased
            }
            if released { continuation.resume() }
        }
    }
}
