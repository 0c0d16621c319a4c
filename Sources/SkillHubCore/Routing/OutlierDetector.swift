import struct Foundation.UUID

/// Passive outlier ejection (as Envoy's): after `consecutiveFailures` calls
/// in a row fail, an endpoint leaves routing for `baseEjection` × the number
/// of times it has been ejected, capped at `maximumEjection`; never more than
/// `maximumEjectedShare` of a skill's endpoints (but always at least one) are out at once.
public struct OutlierDetector: Sendable {
    public struct Policy: Sendable, Equatable {
        public var consecutiveFailures: Int
        public var baseEjection: Duration
        public var maximumEjection: Duration
        public var maximumEjectedShare: Double

        public init(consecutiveFailures: Int = 5, baseEjection: Duration = .seconds(30), maximumEjection: Duration = .seconds(300), maximumEjectedShare: Double = 0.5) {
            self.consecutiveFailures = consecutiveFailures
            self.baseEjection = baseEjection
            self.maximumEjection = maximumEjection
            self.maximumEjectedShare = maximumEjectedShare
        }
    }

    private struct State {
        var consecutiveFailures = 0
        var timesEjected = 0
        var ejectedUntil: ContinuousClock.Instant?
        var lastEjectionEnded: ContinuousClock.Instant?
    }

    public let policy: Policy
    private var states: [UUID: State] = [:]

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Whether `endpoint` is out of routing at `now`.
    public func isEjected(_ endpoint: UUID, at now: ContinuousClock.Instant) -> Bool {
        guard let until = states[endpoint]?.ejectedUntil else { return false }
        return now < until
    }

    /// A call succeeded: the failure run ends. An endpoint that has stayed
    /// clean for a whole maximum ejection time starts again from one.
    public mutating func recordSuccess(_ endpoint: UUID, at now: ContinuousClock.Instant) {
        guard var state = states[endpoint] else { return }
        state.consecutiveFailures = 0
        if let ended = state.lastEjectionEnded, now - ended >= policy.maximumEjection {
            state.timesEjected = 0
        }
        states[endpoint] = state
    }

    /// A call failed; returns true when this ejects the endpoint. `endpoints`
    /// is the skill's endpoint count, for the cap on how many may be out.
    @discardableResult
    public mutating func recordFailure(_ endpoint: UUID, at now: ContinuousClock.Instant, endpoints: Int) -> Bool {
        var state = states[endpoint] ?? State()
        state.consecutiveFailures += 1
        defer { states[endpoint] = state }
        guard state.consecutiveFailures >= policy.consecutiveFailures, !isEjected(endpoint, at: now) else { return false }
        let ejectedNow = states.filter { $0.key != endpoint && isEjected($0.key, at: now) }.count
        // At least one endpoint may always be ejected, whatever the share.
        let allowed = max(1, Int(Double(endpoints) * policy.maximumEjectedShare))
        guard ejectedNow < allowed else { return false }
        state.timesEjected += 1
        let duration = min(policy.baseEjection * state.timesEjected, policy.maximumEjection)
        state.ejectedUntil = now + duration
        state.lastEjectionEnded = now + duration
        state.consecutiveFailures = 0
        return true
    }

    /// Forgets endpoints no longer in `live`.
    public mutating func retain(_ live: Set<UUID>) {
        states = states.filter { live.contains($0.key) }
    }
}
