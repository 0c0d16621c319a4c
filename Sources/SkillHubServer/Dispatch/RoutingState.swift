import Foundation
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubStorage

/// Per-skill routing state of this instance: round-robin positions, requests
/// in flight per endpoint, and outlier ejections.
final class RoutingState: Sendable {
    private struct State {
        var roundRobin: [UUID: SmoothWeightedRoundRobin] = [:]
        var outliers: [UUID: OutlierDetector] = [:]
        var inFlight: [UUID: Int] = [:]
        var retryBudget: RetryBudget
    }

    private let state: NIOLockedValueBox<State>
    let outlierPolicy: OutlierDetector.Policy
    let panicThreshold: Double

    init(outlierPolicy: OutlierDetector.Policy = .init(), panicThreshold: Double = 0.5, retryBudget: RetryBudget = .init()) {
        self.outlierPolicy = outlierPolicy
        self.panicThreshold = panicThreshold
        self.state = NIOLockedValueBox(State(retryBudget: retryBudget))
    }

    /// A dispatch starts (it counts towards the retry budget's base).
    func requestStarted() { state.withLockedValue { $0.retryBudget.requestStarted() } }

    func requestFinished() { state.withLockedValue { $0.retryBudget.requestFinished() } }

    /// Takes a retry from the budget; false when retries are already at their share.
    func acquireRetry() -> Bool { state.withLockedValue { $0.retryBudget.acquireRetry() } }

    func retryFinished() { state.withLockedValue { $0.retryBudget.retryFinished() } }

    /// Requests in flight on `endpointID` from this instance.
    func inFlight(_ endpointID: UUID) -> Int { state.withLockedValue { $0.inFlight[endpointID, default: 0] } }

    /// The endpoint for the next attempt, skipping `excluded` (already tried); nil when none is routable.
    func pick(for skill: SkillRecord, excluding excluded: Set<UUID>, sessionKey: String?) -> EndpointRecord? {
        let now = ContinuousClock.now
        return state.withLockedValue { state in
            let detector = state.outliers[skill.skillID] ?? OutlierDetector(policy: outlierPolicy)
            // Panic mode is judged on every endpoint of the skill, not only the ones not tried yet.
            let candidates = skill.endpoints
                .filter { $0.status != .disabled }
                .map { endpoint in
                    RoutingCandidate(
                        target: RouteTarget(id: endpoint.endpointID, weight: endpoint.weight, inFlight: state.inFlight[endpoint.endpointID, default: 0]),
                        isHealthy: endpoint.status == .healthy,
                        isEjected: detector.isEjected(endpoint.endpointID, at: now)
                    )
                }
            let targets = RoutingCandidate.eligible(candidates, panicThreshold: panicThreshold).targets.filter { !excluded.contains($0.id) }
            var generator = SystemRandomNumberGenerator()
            let chosen: RouteTarget?
            switch skill.routingStrategy {
            case .weightedRoundRobin:
                chosen = state.roundRobin[skill.skillID, default: SmoothWeightedRoundRobin()].pick(from: targets)
            case .weightedRandom:
                chosen = WeightedRandom.pick(from: targets, using: &generator)
            case .leastRequest:
                chosen = LeastRequestBalancer.pick(from: targets, using: &generator)
            case .consistentHash:
                chosen = sessionKey.flatMap { ConsistentHashRing(targets: targets).pick(key: $0) }
                    ?? state.roundRobin[skill.skillID, default: SmoothWeightedRoundRobin()].pick(from: targets)
            }
            guard let chosen else { return nil }
            state.inFlight[chosen.id, default: 0] += 1
            return skill.endpoints.first { $0.endpointID == chosen.id }
        }
    }

    /// Records how an attempt on `endpoint` ended (and that it is no longer in flight).
    func finished(_ endpoint: EndpointRecord, of skill: SkillRecord, succeeded: Bool) {
        let now = ContinuousClock.now
        state.withLockedValue { state in
            state.inFlight[endpoint.endpointID, default: 1] -= 1
            if state.inFlight[endpoint.endpointID] == 0 { state.inFlight[endpoint.endpointID] = nil }
            var detector = state.outliers[skill.skillID] ?? OutlierDetector(policy: outlierPolicy)
            if succeeded {
                detector.recordSuccess(endpoint.endpointID, at: now)
            } else {
                // The ejection cap is a share of the endpoints that can take calls.
                detector.recordFailure(endpoint.endpointID, at: now, endpoints: skill.endpoints.count { $0.status != .disabled })
            }
            state.outliers[skill.skillID] = detector
        }
    }
}
