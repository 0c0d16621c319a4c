import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Takes heartbeats: checks each against the registry cache, records it in
/// Redis in one round trip per batch, brings an unhealthy endpoint back (or
/// takes one out when it reports itself down), and writes `last_heartbeat`
/// to PostgreSQL in batches every ``flushPeriod``, never once per beat.
public final class HeartbeatProcessor: Service, Sendable {
    let store: HeartbeatStore
    let cache: RegistryCache
    let endpoints: EndpointRepository
    let feed: RegistryChangeFeed
    let policy: HeartbeatPolicy
    let logger: Logger
    private let pending = NIOLockedValueBox<[UUID: Date]>([:])

    public init(store: HeartbeatStore, cache: RegistryCache, endpoints: EndpointRepository, feed: RegistryChangeFeed, policy: HeartbeatPolicy, logger: Logger = Logger(label: "skillhub.heartbeat")) {
        self.store = store
        self.cache = cache
        self.endpoints = endpoints
        self.feed = feed
        self.policy = policy
        self.logger = logger
    }

    /// How often buffered heartbeat times reach PostgreSQL: every interval, at most every 10 s.
    public var flushPeriod: Duration { min(policy.interval, .seconds(10)) }

    /// Records `beats` from `principal`; one outcome per beat, in order.
    public func accept(_ beats: [Heartbeat], from principal: Principal) async throws -> [HeartbeatOutcome] {
        let access = principal.skillAccess
        var routes: [UUID: EndpointRoute] = [:]
        var missing: [UUID] = []
        for beat in beats {
            if let route = cache.route(for: beat.endpointID) { routes[beat.endpointID] = route } else { missing.append(beat.endpointID) }
        }
        for route in try await cache.load(missing: missing) { routes[route.endpointID] = route }

        var outcomes: [HeartbeatOutcome] = []
        outcomes.reserveCapacity(beats.count)
        var accepted: [Heartbeat] = []
        var recovered: [UUID] = []
        var reportedDown: [UUID] = []
        for beat in beats {
            guard let route = routes[beat.endpointID] else {
                outcomes.append(.unknownEndpoint)
                continue
            }
            guard access.canWrite(owner: route.accountID) else {
                outcomes.append(access.canRead(owner: route.accountID, visibility: route.visibility) ? .forbidden : .unknownEndpoint)
                continue
            }
            guard !route.protocol.isHostManaged else {
                outcomes.append(.accepted(route.status))
                continue
            }
            accepted.append(beat)
            switch (route.status, beat.status ?? .healthy) {
            case (.unhealthy, .healthy):
                recovered.append(route.endpointID)
                outcomes.append(.accepted(.healthy))
            case (.healthy, .unhealthy):
                reportedDown.append(route.endpointID)
                outcomes.append(.accepted(.unhealthy))
            default:
                outcomes.append(.accepted(route.status))
            }
        }

        let now = Date()
        try await store.record(accepted, at: now, loadTTL: policy.deleteAfter)
        pending.withLockedValue { pending in
            for beat in accepted { pending[beat.endpointID] = now }
        }
        var changed = try await endpoints.transition(recovered, from: .unhealthy, to: .healthy, reason: "heartbeat received", by: principal)
        changed += try await endpoints.transition(reportedDown, from: .healthy, to: .unhealthy, reason: "reported by the endpoint", by: principal)
        if !changed.isEmpty {
            let skillIDs = Set(changed.map(\.skillID))
            try await cache.reload(skillIDs: skillIDs)
            await feed.publish("endpoint.status", skillIDs: skillIDs)
        }
        return outcomes
    }

    /// Writes buffered heartbeat times to PostgreSQL.
    public func flush() async {
        let batch = pending.withLockedValue { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !batch.isEmpty else { return }
        do {
            try await endpoints.recordHeartbeats(batch)
        } catch {
            logger.warning("could not write heartbeat times; keeping them for the next flush", metadata: ["endpoints": "\(batch.count)", "error": "\(error)"])
            pending.withLockedValue { pending in pending.merge(batch) { newer, _ in newer } }
        }
    }

    /// Flushes every ``flushPeriod`` until graceful shutdown, then once more.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.flushPeriod)
                await self.flush()
            }
        }
        await flush()
    }
}
