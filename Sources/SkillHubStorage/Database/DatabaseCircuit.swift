import NIOConcurrencyHelpers

/// Whether PostgreSQL is taken to be reachable, so that requests fail at once while it is not
/// instead of queueing in PostgresNIO's pool for the whole outage (the pool keeps retrying its
/// connections and never fails a waiting request before its own circuit breaker, a minute on).
///
/// Closed (reachable) until a lease cannot be had within the acquire timeout while this process
/// holds no connection at all (a pool merely busy with long queries is not an outage): then open
/// for ``retryInterval``, refusing every lease. After that the first caller starts one probe (and
/// is still refused); the probe's success closes the circuit, its failure keeps it open another
/// interval. Any lease acquired closes it too.
final class DatabaseCircuit: Sendable {
    enum Admission: Equatable {
        case proceed
        /// Refused; `probe` when this caller should start the probe.
        case refuse(probe: Bool)
    }

    private struct State {
        var openUntil: ContinuousClock.Instant?
        var probing = false
        var heldLeases = 0
    }

    let retryInterval: Duration
    private let state = NIOLockedValueBox(State())

    init(retryInterval: Duration) {
        self.retryInterval = retryInterval
    }

    /// Whether PostgreSQL is taken to be unreachable now.
    var isOpen: Bool { state.withLockedValue { $0.openUntil != nil } }

    /// Whether a request may ask the pool for a connection now.
    func admit(now: ContinuousClock.Instant = .now) -> Admission {
        state.withLockedValue { state in
            guard let openUntil = state.openUntil else { return .proceed }
            guard now >= openUntil, !state.probing else { return .refuse(probe: false) }
            state.probing = true
            return .refuse(probe: true)
        }
    }

    /// A connection was leased: PostgreSQL answers.
    func leaseAcquired() {
        state.withLockedValue { state in
            state.openUntil = nil
            state.heldLeases += 1
        }
    }

    func leaseReleased() {
        state.withLockedValue { $0.heldLeases -= 1 }
    }

    /// No connection within the acquire timeout (or the pool refused one); true when that opened
    /// the circuit (no lease held, so the pool has no connection that works), false when the pool
    /// is only busy.
    @discardableResult
    func acquireFailed(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLockedValue { state in
            guard state.heldLeases == 0 else { return false }
            state.openUntil = now + retryInterval
            return true
        }
    }

    /// The probe's outcome.
    func probeFinished(reachable: Bool, now: ContinuousClock.Instant = .now) {
        state.withLockedValue { state in
            state.probing = false
            state.openUntil = reachable ? nil : now + retryInterval
        }
    }
}
