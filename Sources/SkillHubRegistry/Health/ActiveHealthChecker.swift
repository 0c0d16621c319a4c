import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Active health checks (Envoy's and nginx's): probes the endpoints that opted in (`health_check`, and
/// every `WORKERS` endpoint) on their own interval, and moves them in or out of routing by their
/// thresholds, as heartbeats and the sweeper do: a conditional transition in PostgreSQL with its event,
/// the skill reloaded in this instance's cache and a change published to the others.
///
/// Only the holder of the health sweeper's lease probes (``HealthSweeper/holdsLease``), so one instance
/// probes a given endpoint at a time (for at most one sweep period two may overlap at a change of holder:
/// a probe is a `GET` and the transitions are conditional, so that is harmless). An endpoint whose last
/// probe passed counts as beating: its time in the heartbeat clock is renewed every second, so the sweeper
/// never takes an endpoint that passes its checks for a silent one, whatever the check's interval.
public final class ActiveHealthChecker: Service, Sendable {
    /// One probe's result: passed (an answer 2xx within the timeout), and what happened, for the audit trail.
    public struct ProbeResult: Sendable, Equatable {
        /// Whether the probe passed.
        public var passed: Bool
        /// The answer's status (`HTTP 503`) or the failure (`no answer within 2000 ms`).
        public var detail: String

        /// A result.
        public init(passed: Bool, detail: String) {
            self.passed = passed
            self.detail = detail
        }
    }

    /// Sends one probe: `GET` the check's path on the endpoint's origin, within the check's timeout.
    public typealias Probe = @Sendable (_ url: String, _ check: ActiveHealthCheck) async -> ProbeResult

    /// The actor recorded in the audit trail for the checks' transitions.
    public static let actor = Principal(accountID: nil, userID: "active-health-check", role: .root)
    /// Probes in flight at most; the due ones beyond wait for the next tick.
    static let maxInFlight = 256

    private struct State {
        var targets: [ActiveCheckTarget] = []
        var loadedAt: ContinuousClock.Instant?
        var counters: [UUID: ActiveCheckCounter] = [:]
        var nextProbe: [UUID: ContinuousClock.Instant] = [:]
        var lastPassed: Set<UUID> = []
        var inFlight: Set<UUID> = []
    }

    let targets: ActiveCheckTargets
    let store: HeartbeatStore
    let cache: RegistryCache
    let endpoints: EndpointRepository
    let feed: RegistryChangeFeed
    let isLeader: @Sendable () -> Bool
    let probe: Probe
    let tick: Duration
    let refreshEvery: Duration
    let logger: Logger
    private let state = NIOLockedValueBox(State())

    init(
        targets: ActiveCheckTargets, store: HeartbeatStore, cache: RegistryCache, endpoints: EndpointRepository, feed: RegistryChangeFeed,
        isLeader: @escaping @Sendable () -> Bool, probe: @escaping Probe, tick: Duration = .milliseconds(50), refreshEvery: Duration = .seconds(1),
        logger: Logger
    ) {
        self.targets = targets
        self.store = store
        self.cache = cache
        self.endpoints = endpoints
        self.feed = feed
        self.isLeader = isLeader
        self.probe = probe
        self.tick = tick
        self.refreshEvery = refreshEvery
        self.logger = logger
    }

    /// Probes until graceful shutdown.
    public func run() async throws {
        // Graceful shutdown cancels the loop and the probes in flight.
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    guard (try? await Task.sleep(for: self.tick)) != nil else { break }
                    for target in await self.due(now: .now) {
                        group.addTask { await self.check(target) }
                    }
                }
            }
        }
    }

    /// The targets to probe now (marked in flight), after a refresh of the list when it is old; none
    /// when this instance does not hold the lease (its state is dropped, so a later turn starts afresh).
    func due(now: ContinuousClock.Instant) async -> [ActiveCheckTarget] {
        guard isLeader() else {
            state.withLockedValue { $0 = State() }
            return []
        }
        let stale = state.withLockedValue { state in state.loadedAt.map { now - $0 >= refreshEvery } ?? true }
        if stale { await refresh(now: now) }
        return state.withLockedValue { state in
            var due: [ActiveCheckTarget] = []
            for target in state.targets where !state.inFlight.contains(target.endpointID) && state.inFlight.count < Self.maxInFlight {
                guard state.nextProbe[target.endpointID].map({ $0 <= now }) ?? true else { continue }
                state.inFlight.insert(target.endpointID)
                state.nextProbe[target.endpointID] = now + target.check.interval
                due.append(target)
            }
            return due
        }
    }

    /// Reloads the targets and renews the heartbeat-clock time of the healthy ones whose last probe passed.
    private func refresh(now: ContinuousClock.Instant) async {
        do {
            let loaded = try await targets.all()
            let passing = state.withLockedValue { state in
                state.targets = loaded
                state.loadedAt = now
                let ids = Set(loaded.map(\.endpointID))
                state.counters = state.counters.filter { ids.contains($0.key) }
                state.nextProbe = state.nextProbe.filter { ids.contains($0.key) }
                state.lastPassed.formIntersection(ids)
                return loaded.filter { state.lastPassed.contains($0.endpointID) && self.status(of: $0) == .healthy }.map(\.endpointID)
            }
            try await store.touch(passing, at: Date())
        } catch {
            state.withLockedValue { $0.loadedAt = now }
            logger.warning("active health checks: could not list the endpoints; retrying", metadata: ["error": "\(error)"])
        }
    }

    /// The endpoint's status as this instance's cache knows it (kept current by the registry's changes).
    private func status(of target: ActiveCheckTarget) -> EndpointStatus {
        cache.route(for: target.endpointID)?.status ?? target.status
    }

    /// Probes `target` and applies the result.
    func check(_ target: ActiveCheckTarget) async {
        let result = await probe(target.url, target.check)
        let current = status(of: target)
        let next = state.withLockedValue { state -> EndpointStatus? in
            state.inFlight.remove(target.endpointID)
            if result.passed { state.lastPassed.insert(target.endpointID) } else { state.lastPassed.remove(target.endpointID) }
            var counter = state.counters[target.endpointID] ?? ActiveCheckCounter()
            let next = counter.record(passed: result.passed, current: current, check: target.check)
            state.counters[target.endpointID] = counter
            return next
        }
        do {
            if result.passed, current == .healthy { try await store.touch([target.endpointID], at: Date()) }
            guard let next else { return }
            let count = next == .healthy ? target.check.healthyThreshold : target.check.unhealthyThreshold
            let reason = "active health check: \(count) \(result.passed ? "passes" : "failures") in a row (GET \(target.check.path): \(result.detail))"
            let changed = try await endpoints.transition([target.endpointID], from: current, to: next, reason: reason, by: Self.actor)
            guard !changed.isEmpty else { return }
            if next == .healthy { try await store.touch([target.endpointID], at: Date()) }
            try await cache.reload(skillIDs: [target.skillID])
            await feed.publish("endpoint.health", skillIDs: [target.skillID])
            logger.info("active health check", metadata: ["endpoint": "\(target.url)", "status": "\(next.rawValue)", "detail": "\(result.detail)"])
        } catch {
            logger.warning("active health check: could not record the result", metadata: ["endpoint": "\(target.url)", "error": "\(error)"])
        }
    }
}
