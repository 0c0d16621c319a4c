import Foundation
import Logging
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// The registry as the HTTP layer uses it: every change goes to PostgreSQL
/// (with its audit event), then new endpoints start their heartbeat clock,
/// this instance's cache is reloaded and the other instances are told.
public struct SkillRegistry: Sendable {
    public let skills: SkillRepository
    public let endpoints: EndpointRepository
    public let capabilities: CapabilityRepository
    public let cache: RegistryCache
    public let heartbeats: HeartbeatProcessor
    public let sweeper: HealthSweeper
    public let store: HeartbeatStore
    public let policy: HeartbeatPolicy
    /// The hosts remote endpoints may name.
    private let endpointHosts: HostAllowList
    let feed: RegistryChangeFeed
    let logger: Logger

    public init(
        database: Database, redis: RedisConnectionPool, subscriber: RedisSubscriber, policy: HeartbeatPolicy,
        endpointHosts: HostAllowList = .any, logger: Logger = Logger(label: "skillhub.registry")
    ) {
        let endpoints = EndpointRepository(database: database, logger: logger)
        let store = HeartbeatStore(redis: redis)
        let feed = RegistryChangeFeed(redis: redis, logger: logger)
        let cache = RegistryCache(endpoints: endpoints, subscriber: subscriber, instanceID: feed.instanceID, logger: logger)
        self.skills = SkillRepository(database: database, logger: logger)
        self.endpoints = endpoints
        self.capabilities = CapabilityRepository(database: database, logger: logger)
        self.cache = cache
        self.store = store
        self.feed = feed
        self.policy = policy
        self.endpointHosts = endpointHosts
        self.logger = logger
        self.heartbeats = HeartbeatProcessor(store: store, cache: cache, endpoints: endpoints, feed: feed, policy: policy, logger: logger)
        self.sweeper = HealthSweeper(store: store, cache: cache, endpoints: endpoints, feed: feed, policy: policy, logger: logger)
    }

    // MARK: Skills

    public func create(_ draft: SkillDraft, by principal: Principal) async throws -> SkillRecord {
        try checkHosts(of: draft.endpoints)
        let skill = try await skills.create(draft, access: principal.skillAccess, by: principal)
        await changed("skill.created", skill: skill)
        return skill
    }

    public func register(_ draft: SkillDraft, by principal: Principal) async throws -> (skill: SkillRecord, created: Bool) {
        try checkHosts(of: draft.endpoints)
        let result = try await skills.register(draft, access: principal.skillAccess, by: principal)
        await changed("skill.registered", skill: result.skill)
        return result
    }

    public func update(_ skillID: UUID, with patch: SkillPatch, by principal: Principal) async throws -> SkillRecord {
        try checkHosts(of: patch.endpoints ?? [])
        let skill = try await skills.update(skillID, with: patch, access: principal.skillAccess, by: principal)
        await changed("skill.updated", skill: skill)
        return skill
    }

    @discardableResult
    public func delete(_ skillID: UUID, by principal: Principal, kind: String = "skill.deleted") async throws -> SkillRecord {
        let skill = try await skills.delete(skillID, access: principal.skillAccess, by: principal, kind: kind)
        await settle { try await store.forget(skill.endpoints.map(\.endpointID)) }
        var gone = skill
        gone.endpoints = []
        await changed(kind, skill: gone)
        return skill
    }

    // MARK: Endpoints

    public func addEndpoint(_ draft: EndpointDraft, to skillID: UUID, by principal: Principal) async throws -> EndpointRecord {
        try checkHosts(of: [draft]) { _ in "url" }
        let endpoint = try await endpoints.add(draft, to: skillID, access: principal.skillAccess, by: principal)
        await changed("endpoint.added", skillID: skillID, watching: [endpoint])
        return endpoint
    }

    public func updateEndpoint(_ endpointID: UUID, of skillID: UUID, with patch: EndpointPatch, by principal: Principal) async throws -> EndpointRecord {
        let endpoint = try await endpoints.update(endpointID, of: skillID, with: patch, access: principal.skillAccess, by: principal)
        await changed("endpoint.updated", skillID: skillID, watching: [endpoint])
        return endpoint
    }

    public func removeEndpoint(_ endpointID: UUID, of skillID: UUID, by principal: Principal) async throws {
        let endpoint = try await endpoints.remove(endpointID, of: skillID, access: principal.skillAccess, by: principal)
        await settle { try await store.forget([endpoint.endpointID]) }
        await changed("endpoint.removed", skillID: skillID, watching: [])
    }

    /// Refuses remote endpoints whose host is not on ``endpointHosts`` (1001, one problem per endpoint).
    private func checkHosts(of endpoints: [EndpointDraft], field: (Int) -> String = { "endpoints[\($0)].url" }) throws {
        let problems = endpoints.enumerated().compactMap { index, endpoint -> FieldError? in
            guard let host = endpoint.protocol.networkHost(of: endpoint.url), !endpointHosts.allows(host: host) else { return nil }
            return FieldError(field: field(index), message: "host '\(host)' is not among the hosts endpoints may name (SKILLHUB_ENDPOINT_ALLOWED_HOSTS)")
        }
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
    }

    // MARK: Propagation

    /// A whole skill as written: this instance's cache takes it as it is; then
    /// its endpoints start their heartbeat clock and the other instances are told.
    private func changed(_ kind: String, skill: SkillRecord) async {
        cache.apply(skill)
        await announce(kind, skillID: skill.skillID, watching: skill.endpoints)
    }

    /// One endpoint changed: the skill is reloaded into this instance's cache; then
    /// the endpoint starts its heartbeat clock and the other instances are told.
    private func changed(_ kind: String, skillID: UUID, watching endpoints: [EndpointRecord]) async {
        await settle { try await cache.reload(skillIDs: [skillID]) }
        await announce(kind, skillID: skillID, watching: endpoints)
    }

    /// Starts the heartbeat clock of the healthy, not host-managed endpoints
    /// among `endpoints` not yet watched, and publishes the change: one Redis round trip.
    private func announce(_ kind: String, skillID: UUID, watching endpoints: [EndpointRecord]) async {
        let watchable = endpoints.filter { $0.status == .healthy && !$0.protocol.isHostManaged }.map(\.endpointID)
        let watch = HeartbeatStore.trackCommand(watchable, at: Date())
        await feed.publish(kind, skillIDs: [skillID], with: watch.map { [$0] } ?? [])
    }

    /// Runs a follow-up of a committed change; a failure is logged, not
    /// reported to the caller (the change itself stands, and the periodic
    /// reload and the sweeper's reconciliation repair what was missed).
    private func settle(_ work: () async throws -> Void) async {
        do {
            try await work()
        } catch {
            logger.warning("a registry follow-up failed", metadata: ["error": "\(error)"])
        }
    }
}
