import NIOConcurrencyHelpers
import SkillHubCore

/// Bounds the model generations the host runs at once (``ChatGenerationLimits``): up to
/// `maxConcurrent` run, up to `maxQueued` more wait for a turn in arrival order (each at most
/// `maxWait`), and any beyond are refused at once with a ``GenerationRefusal`` — memory stays
/// bounded however many chats arrive. A waiter that is cancelled (its call ended) leaves the queue.
final class GenerationLimiter: Sendable {
    let limits: ChatGenerationLimits

    /// A waiter, from its admission to the queue until it runs or gives up.
    private enum Slot {
        /// Admitted to the queue; its continuation is not there yet.
        case announced
        /// Waiting for a turn.
        case waiting(CheckedContinuation<Void, any Error>)
        /// Given a turn before its continuation arrived.
        case granted
        /// Gave up (cancelled, waited too long) before its continuation arrived.
        case abandoned(any Error)
    }

    private struct State {
        var running = 0
        var slots: [UInt64: Slot] = [:]
        /// Waiter ids in arrival order from `head` on (ids of waiters gone are skipped).
        var order: [UInt64] = []
        var head = 0
        var nextID: UInt64 = 1
        /// A moving average of how long a generation holds its turn, for `Retry-After`.
        var averageSeconds = 1.0

        /// The next waiter in arrival order still waiting for a turn.
        mutating func popNext() -> UInt64? {
            while head < order.count {
                let id = order[head]
                head += 1
                if head > 64, head * 2 > order.count {
                    order.removeFirst(head)
                    head = 0
                }
                switch slots[id] {
                case .announced?, .waiting?: return id
                default: continue
                }
            }
            return nil
        }
    }

    private let state = NIOLockedValueBox(State())

    init(_ limits: ChatGenerationLimits) {
        self.limits = limits
    }

    /// Generations running and waiting now.
    var load: (running: Int, queued: Int) {
        state.withLockedValue { ($0.running, $0.slots.count) }
    }

    /// A turn: returns once the generation may run (at once, or after waiting); the caller must
    /// ``Turn/end()`` it. Throws a ``GenerationRefusal`` when the queue is full or the wait was too
    /// long, and `CancellationError` when the task is cancelled while waiting.
    func begin() async throws -> Turn {
        enum Admission { case run, wait(UInt64), refuse(GenerationRefusal) }
        let admission = state.withLockedValue { state -> Admission in
            if state.running < limits.maxConcurrent {
                state.running += 1
                return .run
            }
            guard state.slots.count < limits.maxQueued else { return .refuse(refusal(state, waited: false)) }
            let id = state.nextID
            state.nextID += 1
            state.slots[id] = .announced
            state.order.append(id)
            return .wait(id)
        }
        switch admission {
        case .run:
            return Turn(limiter: self)
        case .refuse(let refusal):
            throw refusal
        case .wait(let id):
            let timer = Task { [limits] in
                try await Task.sleep(for: limits.maxWait)
                self.expire(id)
            }
            defer { timer.cancel() }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let outcome = state.withLockedValue { state -> Result<Void, any Error>? in
                        switch state.slots[id] {
                        case .granted?:
                            state.slots[id] = nil
                            return .success(())
                        case .abandoned(let error)?:
                            state.slots[id] = nil
                            return .failure(error)
                        default:
                            state.slots[id] = .waiting(continuation)
                            return nil
                        }
                    }
                    if let outcome { continuation.resume(with: outcome) }
                }
            } onCancel: {
                self.abandon(id, with: CancellationError())
            }
            return Turn(limiter: self)
        }
    }

    /// A waiter that waited `maxWait` leaves the queue, refused.
    private func expire(_ id: UInt64) {
        let refused = state.withLockedValue { state -> GenerationRefusal in self.refusal(state, waited: true) }
        abandon(id, with: refused)
    }

    /// Fails waiter `id` with `error` if it still waits for a turn.
    private func abandon(_ id: UInt64, with error: any Error) {
        let continuation = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            switch state.slots[id] {
            case .announced?:
                state.slots[id] = .abandoned(error)
                return nil
            case .waiting(let continuation)?:
                state.slots[id] = nil
                return continuation
            default:
                return nil
            }
        }
        continuation?.resume(throwing: error)
    }

    /// Ends a turn that took `duration`: the next waiter runs in its place.
    fileprivate func end(after duration: Duration) {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            state.averageSeconds = 0.8 * state.averageSeconds + 0.2 * seconds
            guard let id = state.popNext() else {
                state.running -= 1
                return nil
            }
            guard case .waiting(let continuation)? = state.slots[id] else {
                state.slots[id] = .granted
                return nil
            }
            state.slots[id] = nil
            return continuation
        }
        next?.resume()
    }

    /// The refusal at the current load: retry after about the time the turns ahead need (1–60 s).
    private func refusal(_ state: State, waited: Bool) -> GenerationRefusal {
        let ahead = Double(state.slots.count + 1) / Double(limits.maxConcurrent)
        let seconds = (state.averageSeconds * ahead).rounded(.up)
        return GenerationRefusal(
            running: state.running, queued: state.slots.count, waited: waited ? limits.maxWait : nil,
            retryAfterSeconds: seconds.isFinite ? min(60, max(1, Int(seconds))) : 60
        )
    }

    /// One generation's turn; ``end()`` it exactly once when the generation has finished.
    struct Turn: Sendable {
        fileprivate let limiter: GenerationLimiter
        private let started = ContinuousClock.now

        fileprivate init(limiter: GenerationLimiter) {
            self.limiter = limiter
        }

        func end() {
            limiter.end(after: ContinuousClock.now - started)
        }
    }
}
