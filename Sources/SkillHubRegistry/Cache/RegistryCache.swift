import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// Every endpoint with its skill, in memory, for the hot paths: heartbeat
/// checks, `/api/workers` and routing.
///
/// It is kept current across server instances through Redis pub/sub: a
/// ``RegistryChange`` reloads that one skill from PostgreSQL (the changes that
/// arrive while a reload runs go together in the next). After the
/// subscription is re-established, and every ``fullReloadPeriod``, it reloads
/// everything, so a missed message is never permanent. Each of these moves its
/// ``changeMark``, which memories of the registry kept elsewhere compare.
public final class RegistryCache: Service, Sendable {
    private struct State {
        var routes: [UUID: EndpointRoute] = [:]
        var endpointsBySkill: [UUID: Set<UUID>] = [:]
        var loaded = false
        var changeMark = RegistryChangeMark(count: 0, isFollowing: false)
    }

    private let endpoints: EndpointRepository
    private let subscriber: RedisSubscriber
    /// This instance: its own published changes are already applied.
    private let instanceID: UUID
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    /// How often the whole registry is reloaded even without a sign of a missed change.
    public let fullReloadPeriod: Duration

    public init(
        endpoints: EndpointRepository, subscriber: RedisSubscriber, instanceID: UUID, fullReloadPeriod: Duration = .seconds(60),
        logger: Logger = Logger(label: "skillhub.registry.cache")
    ) {
        self.endpoints = endpoints
        self.subscriber = subscriber
        self.instanceID = instanceID
        self.fullReloadPeriod = fullReloadPeriod
        self.logger = logger
    }

    // MARK: Reads

    public func route(for endpointID: UUID) -> EndpointRoute? {
        state.withLockedValue { $0.routes[endpointID] }
    }

    public func routes(ofSkill skillID: UUID) -> [EndpointRoute] {
        state.withLockedValue { state in (state.endpointsBySkill[skillID] ?? []).compactMap { state.routes[$0] } }
    }

    public var allRoutes: [EndpointRoute] {
        state.withLockedValue { Array($0.routes.values) }
    }

    /// Whether the first full load has completed.
    public var isLoaded: Bool { state.withLockedValue(\.loaded) }

    /// Where this instance stands in the stream of registry changes: note it before reading the
    /// registry from PostgreSQL, and trust what was read while it ``RegistryChangeMark/stillHolds(at:)``.
    public var changeMark: RegistryChangeMark { state.withLockedValue(\.changeMark) }

    /// Moves the mark: a change happened or may have been missed; `following` says whether changes are heard now.
    private func moveMark(following: Bool? = nil) {
        state.withLockedValue { state in
            state.changeMark.count += 1
            if let following { state.changeMark.isFollowing = following }
        }
    }

    // MARK: Loading

    /// Replaces everything with the registry as PostgreSQL has it now.
    public func reloadAll() async throws {
        moveMark()
        let routes = try await endpoints.routes()
        state.withLockedValue { state in
            state.routes = Dictionary(routes.map { ($0.endpointID, $0) }, uniquingKeysWith: { _, last in last })
            state.endpointsBySkill = Dictionary(grouping: routes, by: \.skillID).mapValues { Set($0.map(\.endpointID)) }
            state.loaded = true
        }
    }

    /// Reloads the endpoints of these skills with one query (a skill with none left is dropped).
    public func reload(skillIDs: some Collection<UUID>) async throws {
        guard !skillIDs.isEmpty else { return }
        moveMark()
        let routes = Dictionary(grouping: try await endpoints.routes(skillIDs: Array(skillIDs)), by: \.skillID)
        for skillID in skillIDs { replace(skillID: skillID, with: routes[skillID] ?? []) }
    }

    /// Takes a skill as just written (no database round trip); a deleted skill is passed with no endpoints.
    public func apply(_ skill: SkillRecord) {
        moveMark()
        replace(skillID: skill.skillID, with: skill.endpoints.map { EndpointRoute(skill: skill, endpoint: $0) })
    }

    /// Loads the endpoints among `endpointIDs` the cache does not know yet; returns them.
    public func load(missing endpointIDs: [UUID]) async throws -> [EndpointRoute] {
        let missing = state.withLockedValue { state in endpointIDs.filter { state.routes[$0] == nil } }
        guard !missing.isEmpty else { return [] }
        let routes = try await endpoints.routes(endpointIDs: missing)
        for (skillID, skillRoutes) in Dictionary(grouping: routes, by: \.skillID) {
            state.withLockedValue { state in
                for route in skillRoutes {
                    state.routes[route.endpointID] = route
                    state.endpointsBySkill[skillID, default: []].insert(route.endpointID)
                }
            }
        }
        return routes
    }

    private func replace(skillID: UUID, with routes: [EndpointRoute]) {
        state.withLockedValue { state in
            for endpointID in state.endpointsBySkill[skillID] ?? [] { state.routes[endpointID] = nil }
            state.endpointsBySkill[skillID] = routes.isEmpty ? nil : Set(routes.map(\.endpointID))
            for route in routes { state.routes[route.endpointID] = route }
        }
    }

    // MARK: Service

    /// Subscribes to registry changes, loads everything, then applies changes
    /// until shutdown. Neither Redis nor PostgreSQL being unreachable stops it:
    /// it retries, and shutdown does not wait for them.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let changes = await self.subscriber.subscribeRetrying(to: RegistryKeys.changesChannel, logger: self.logger) else { return }
            self.moveMark(following: true)
            await self.reloadAllLogged()
            let changed = ChangedSkills()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.collectChanges(changes, into: changed) }
                group.addTask { await self.reloadChanged(changed) }
                group.addTask { await self.reloadPeriodically() }
                await group.next()
                group.cancelAll()
            }
        }
        moveMark(following: false)
    }

    /// Notes the skill of every other instance's change (a new subscription reloads everything).
    private func collectChanges(_ changes: RedisSubscriber.Subscription, into changed: ChangedSkills) async {
        let decoder = JSONValueDecoder()
        for await message in changes {
            switch message.kind {
            case .interrupted:
                moveMark(following: false)
            case .resubscribed:
                moveMark(following: true)
                await reloadAllLogged()
            case .message:
                guard let change = try? decoder.decode(RegistryChange.self, from: message.payload) else {
                    logger.warning("ignoring a malformed registry change", metadata: ["payload": "\(message.text.prefix(200))"])
                    continue
                }
                guard change.origin != instanceID else { continue }
                moveMark()
                changed.add(change.skillID)
            }
        }
        changed.finish()
    }

    /// Reloads the changed skills, all that arrived while the last query ran in one query.
    private func reloadChanged(_ changed: ChangedSkills) async {
        for await skillIDs in changed.batches {
            do {
                try await reload(skillIDs: skillIDs)
            } catch {
                logger.warning("could not reload changed skills", metadata: ["skill_ids": "\(skillIDs)", "error": "\(error)"])
                changed.putBack(skillIDs)  // with the next change, or the periodic full reload
            }
        }
    }

    private func reloadPeriodically() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: fullReloadPeriod) } catch { return }
            await reloadAllLogged()
        }
    }

    private func reloadAllLogged() async {
        do {
            try await reloadAll()
        } catch {
            logger.warning("could not reload the registry cache", metadata: ["error": "\(error)"])
        }
    }
}

/// Skills changed by other instances and not reloaded yet: a set, so that a
/// burst of changes (a health sweep of thousands of endpoints) becomes a few
/// queries rather than one per message.
private final class ChangedSkills: Sendable {
    private let pending = NIOLockedValueBox(Set<UUID>())
    private let (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

    /// Returns a batch that failed to reload, without waking the reloader: it goes with the next one.
    func putBack(_ skillIDs: Set<UUID>) {
        pending.withLockedValue { $0.formUnion(skillIDs) }
    }

    func add(_ skillID: UUID) {
        pending.withLockedValue { _ = $0.insert(skillID) }
        signal.yield()
    }

    func finish() { signal.finish() }

    /// Everything added since the previous batch, whenever something was.
    var batches: some AsyncSequence<Set<UUID>, Never> {
        signals.compactMap { [pending] in
            let batch = pending.withLockedValue { pending in
                defer { pending.removeAll() }
                return pending
            }
            return batch.isEmpty ? nil : batch
        }
    }
}
