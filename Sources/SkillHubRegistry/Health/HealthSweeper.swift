import Foundation
import Logging
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Finds silent endpoints and acts on them: unhealthy after three intervals,
/// removed past the delete timeout when ephemeral (persistent ones stay,
/// unhealthy, until they beat again). One instance sweeps at a time, the
/// holder of a Redis lease; the others stand by to take over.
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
                try await Task.sleep(for: self.policy.sweepPeriod)
                await self.sweepIfLeader()
            }
        }
        try? await lock.release()
    }

    /// Sweeps when this instance holds (or can take) the sweeper lease.
    @discardableResult
    public func sweepIfLeader(now: Date = Date()) async -> Report? {
        do {
            switch try await lock.acquireOrRenew() {
            case .heldElsewhere:
                return nil
            case .acquired:
                try await watchUntracked(now: now)
            case .renewed:
                break
            }
            return try await sweep(now: now)
        } catch {
            logger.warning("health sweep failed; retrying next period", metadata: ["error": "\(error)"])
            return nil
        }
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
            for skillID in skillIDs { try await cache.reload(skillID: skillID) }
            await feed.publish("endpoint.health", skillIDs: skillIDs)
            logger.info("health sweep", metadata: ["unhealthy": "\(report.markedUnhealthy.count)", "removed": "\(report.removed.count)"])
        }
        return report
    }

    /// After taking the lease: watch every healthy endpoint Redis does not know
    /// (Redis restarted empty, or endpoints registered while it was away).
    private func watchUntracked(now: Date) async throws {
        let healthy = cache.allRoutes.filter { $0.status == .healthy && !$0.protocol.isHostManaged }.map(\.endpointID)
        try await store.track(healthy, at: now)
    }
}
