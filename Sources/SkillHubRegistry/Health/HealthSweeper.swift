import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Finds silent endpoints and acts on them: unhealthy after three intervals,
/// removed past the delete timeout when ephemeral (persistent ones stay,
/// unhealthy, until they beat again). One instance sweeps at a time, the
/// holder of a Redis lease; the others stand by to take over.
///
/// After taking the lease, and after a sweep that failed (Redis or PostgreSQL
/// out of reach), it first gives every endpoint a grace period: beats could
/// not be recorded meanwhile, so old times say nothing about the endpoints.
public final class HealthSweeper: Service, Sendable {
    /// What one sweep changed.
    public struct Report: Sendable, Equatable {
        public var markedUnhealthy: [UUID] = []
        public var removed: [UUID] = []
    }

    /// The actor recorded in the audit trail for the sweeper's changes.
    public static let actor = Principal(accountID: nil, userID: "health-sweeper", role: .root)
    /// At most this many silent endpoints are handled per sweep; the rest wait for the next.
    static let batchLimit = 5000

    let store: HeartbeatStore
    let cache: RegistryCache
    let endpoints: EndpointRepository
    let feed: RegistryChangeFeed
    let policy: HeartbeatPolicy
    let lock: LeaseLock
    let logger: Logger
    /// Whether the last attempt to sweep failed, so the next one starts with a grace period.
    private let lastAttemptFailed = NIOLockedValueBox(false)
    private let leading = NIOLockedValueBox(false)
    /// Standing by at the last attempt: the time the holder's lease had left.
    private let standbyRemaining = NIOLockedValueBox<Duration?>(nil)

    /// Whether this instance held the lease at its last attempt to sweep: the active health checks
    /// (``ActiveHealthChecker``) run only then.
    public var holdsLease: Bool { leading.withLockedValue { $0 } }

    public init(store: HeartbeatStore, cache: RegistryCache, endpoints: EndpointRepository, feed: RegistryChangeFeed, policy: HeartbeatPolicy, logger: Logger = Logger(label: "skillhub.health-sweeper")) {
        self.store = store
        self.cache = cache
        self.endpoints = endpoints
        self.feed = feed
        self.policy = policy
        self.lock = LeaseLock(redis: store.redis, key: RegistryKeys.sweeperLock, owner: feed.instanceID.uuidString, lease: policy.sweepPeriod * 3)
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let remaining = self.standbyRemaining.withLockedValue { $0 }
                try await Task.sleep(for: Self.delayBeforeNextAttempt(sweepPeriod: self.policy.sweepPeriod, standbyRemaining: remaining))
                await self.sweepIfLeader()
            }
        }
        leading.withLockedValue { $0 = false }
        try? await lock.release()
    }

    /// Sweeps when this instance holds (or can take) the sweeper lease.
    @discardableResult
    public func sweepIfLeader(now: Date = Date()) async -> Report? {
        do {
            let outcome = try await lock.attempt()
            let attempt = outcome.attempt
            standbyRemaining.withLockedValue { $0 = outcome.remaining }
            leading.withLockedValue { $0 = attempt != .heldElsewhere }
            guard attempt != .heldElsewhere else { return nil }
            if attempt == .acquired || lastAttemptFailed.withLockedValue({ $0 }) {
                try await startGracePeriod(now: now)
            }
            let report = try await sweep(now: now)
            lastAttemptFailed.withLockedValue { $0 = false }
            return report
        } catch {
            lastAttemptFailed.withLockedValue { $0 = true }
            leading.withLockedValue { $0 = false }
            standbyRemaining.withLockedValue { $0 = nil }
            logger.warning("health sweep failed; retrying next period", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The wait before the next attempt: a sweep period; standing by, just past the end of the holder's
    /// lease when that comes sooner. So a holder that died is replaced as its lease ends — within one lease
    /// period of its death — instead of up to a sweep period later. A live holder renews every period,
    /// which leaves at least two on its lease, so standbys still try once a period.
    public static func delayBeforeNextAttempt(sweepPeriod: Duration, standbyRemaining: Duration?) -> Duration {
        guard let remaining = standbyRemaining else { return sweepPeriod }
        return min(sweepPeriod, max(remaining, .zero) + .milliseconds(1))
    }

    /// One pass over endpoints silent for at least ``HeartbeatPolicy/unhealthyAfter``.
    public func sweep(now: Date) async throws -> Report {
        let silent = try await store.silent(since: now.addingTimeInterval(-policy.unhealthyAfter.inSeconds), limit: Self.batchLimit)
        guard !silent.isEmpty else { return Report() }
        var report = Report()
        let overdue = silent.map(\.endpointID)
        let expired = silent.filter { policy.liveness(afterSilence: .seconds(now.timeIntervalSince($0.lastBeat))) == .expired }.map(\.endpointID)
        let silence = "no heartbeat for \(Int(policy.unhealthyAfter.inSeconds)) s"
        let unhealthy = try await endpoints.transition(overdue, from: .healthy, to: .unhealthy, reason: silence, by: Self.actor)
        report.markedUnhealthy = unhealthy.map(\.endpointID)
        let removed = try await endpoints.removeExpired(expired, by: Self.actor)
        report.removed = removed.map(\.endpointID)

        // Stop watching what needs nothing more: removed endpoints, endpoints
        // that no longer exist, and persistent or disabled ones now out of routing.
        let removedIDs = Set(report.removed)
        let justUnhealthy = Set(report.markedUnhealthy)
        let finished = overdue.filter { id in
            if removedIDs.contains(id) { return true }
            guard let route = cache.route(for: id) else { return !justUnhealthy.contains(id) }
            return !route.ephemeral || route.status == .disabled
        }
        try await store.forget(finished)

        let skillIDs = Set(unhealthy.map(\.skillID) + removed.map(\.skillID))
        if !skillIDs.isEmpty {
            try await cache.reload(skillIDs: skillIDs)
            await feed.publish("endpoint.health", skillIDs: skillIDs)
            logger.info("health sweep", metadata: ["unhealthy": "\(report.markedUnhealthy.count)", "removed": "\(report.removed.count)"])
        }
        return report
    }

    /// Counts every watched endpoint as alive now, and watches the endpoints
    /// Redis does not know (it restarted empty, or a clock start failed while it
    /// was away): healthy ones, and unhealthy ephemeral ones so they are still removed.
    private func startGracePeriod(now: Date) async throws {
        let renewed = try await store.renewAll(at: now)
        let unwatched = cache.allRoutes.filter { route in
            !route.protocol.isHostManaged && (route.status == .healthy || (route.status == .unhealthy && route.ephemeral))
        }
        try await store.track(unwatched.map(\.endpointID), at: now)
        logger.info("health sweeper grace period", metadata: ["renewed": "\(renewed)", "watched": "\(unwatched.count)"])
    }
}
