import Foundation
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// Finds the skill a call names, from a memory of what PostgreSQL answered,
/// so the dispatch path does not query the database on every call.
///
/// An entry holds while the registry cache's ``RegistryChangeMark`` has not
/// moved since it was read: every registry change, this instance's or heard
/// from another through pub/sub, moves it, so does the cache's full reload
/// each minute. Without a live subscription an entry holds
/// for ``freshness``, 1 s by default, the registry's cross-instance promise.
/// When an entry no longer holds, one call reloads it while the others go on
/// with what it held (so a busy skill does not send every concurrent call to
/// PostgreSQL at once). That call waits for the reload at most
/// ``refreshWait``, then goes on with what was held while the reload finishes
/// in the background; a reload that fails keeps what was held (stale rather
/// than failing a call PostgreSQL is not needed for). Endpoint health comes
/// from the registry cache, which pub/sub keeps current.
final class SkillDirectory: Sendable {
    private struct Entry {
        var skills: [SkillRecord]
        var loadedAt: ContinuousClock.Instant
        /// The registry's change mark before the load.
        var mark: RegistryChangeMark
        var isReloading = false

        func holds(at now: ContinuousClock.Instant, freshness: Duration, mark current: RegistryChangeMark) -> Bool {
            now - loadedAt < freshness || mark.stillHolds(at: current)
        }
    }

    private let load: @Sendable (String) async throws -> [SkillRecord]
    private let liveHealth: @Sendable (SkillRecord) -> SkillRecord
    private let changeMark: @Sendable () -> RegistryChangeMark
    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let freshness: Duration
    /// How long the call that reloads an aged entry waits for the reload before it goes on with the entry.
    let refreshWait: Duration
    /// Entries kept at most; the memory starts over when full.
    let capacity: Int

    convenience init(registry: SkillRegistry, freshness: Duration = .seconds(1), refreshWait: Duration = .milliseconds(250), capacity: Int = 10_000) {
        self.init(
            freshness: freshness, refreshWait: refreshWait, capacity: capacity,
            load: { reference in try await Self.load(reference, from: registry) },
            liveHealth: { skill in Self.withLiveHealth(skill, cache: registry.cache) },
            changeMark: { registry.cache.changeMark }
        )
    }

    /// A directory on another source of skills (tests: a store that fails or stalls).
    init(
        freshness: Duration,
        refreshWait: Duration,
        capacity: Int = 10_000,
        load: @escaping @Sendable (String) async throws -> [SkillRecord],
        liveHealth: @escaping @Sendable (SkillRecord) -> SkillRecord = { $0 },
        changeMark: @escaping @Sendable () -> RegistryChangeMark = { RegistryChangeMark(count: 0, isFollowing: false) }
    ) {
        self.load = load
        self.liveHealth = liveHealth
        self.changeMark = changeMark
        self.freshness = freshness
        self.refreshWait = refreshWait
        self.capacity = capacity
    }

    /// The skill with id `reference`, or the newest active version named
    /// `reference` among those the caller may read; 404 (1004) when none.
    /// A name is looked up first among the caller's own skills, then the
    /// platform's (plugins), then other accounts' public ones, so no account
    /// can shadow another's skill or a built-in one by publishing its name. With `platformOnly`,
    /// only the platform's skills (plugins) are considered.
    func skill(_ reference: String, access: SkillAccess, platformOnly: Bool = false) async throws -> SkillRecord {
        let readable = try await candidates(reference).filter {
            access.canRead(owner: $0.accountID, visibility: $0.visibility) && (!platformOnly || $0.accountID == nil)
        }
        let closest = readable.map { Self.closeness(of: $0, to: access) }.max()
        guard let newest = readable.filter({ Self.closeness(of: $0, to: access) == closest }).max(by: Self.older) else {
            throw SkillHubError(.skillNotFound, "skill '\(reference)' not found")
        }
        return liveHealth(newest)
    }

    /// Every version named `reference` (or the one with that id), as recently loaded.
    private func candidates(_ reference: String) async throws -> [SkillRecord] {
        let now = ContinuousClock.now
        let mark = changeMark()
        let (held, mustReload) = entries.withLockedValue { entries -> ([SkillRecord]?, Bool) in
            guard let entry = entries[reference] else { return (nil, true) }
            if entry.isReloading || entry.holds(at: now, freshness: freshness, mark: mark) { return (entry.skills, false) }
            entries[reference]?.isReloading = true
            return (entry.skills, true)
        }
        guard mustReload else { return held ?? [] }
        guard let held else {
            // Nothing to fall back on: this call waits for PostgreSQL (bounded by the pool's acquire timeout).
            let skills = try await load(reference)
            store(skills, for: reference, loadedAt: now, mark: mark)
            return skills
        }
        return await refresh(reference, holding: held, startedAt: now, mark: mark)
    }

    /// Reloads an aged entry in the background, waiting for it at most ``refreshWait``: the new
    /// versions when they came in time, else (late or failed) what the entry held.
    private func refresh(
        _ reference: String, holding held: [SkillRecord], startedAt: ContinuousClock.Instant, mark: RegistryChangeMark
    ) async -> [SkillRecord] {
        let (reloaded, reload) = AsyncStream.makeStream(of: [SkillRecord].self, bufferingPolicy: .bufferingNewest(1))
        Task { [self] in
            defer { reload.finish() }
            do {
                let skills = try await load(reference)
                store(skills, for: reference, loadedAt: startedAt, mark: mark)
                reload.yield(skills)
            } catch {
                entries.withLockedValue { $0[reference]?.isReloading = false }
            }
        }
        return await withTaskGroup(of: [SkillRecord]?.self) { group in
            group.addTask {
                for await skills in reloaded { return skills }
                return nil
            }
            group.addTask { [refreshWait] in
                try? await Task.sleep(for: refreshWait)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? held
        }
    }

    private func store(_ skills: [SkillRecord], for reference: String, loadedAt: ContinuousClock.Instant, mark: RegistryChangeMark) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[reference] = Entry(skills: skills, loadedAt: loadedAt, mark: mark)
        }
    }

    /// Every version named `reference` (or the one with that id), from PostgreSQL.
    private static func load(_ reference: String, from registry: SkillRegistry) async throws -> [SkillRecord] {
        guard let id = UUID(uuidString: reference) else {
            return try await registry.skills.skills(SkillQuery(name: reference, limit: 100), access: .everything).items
        }
        do {
            return [try await registry.skills.skill(id, access: .everything)]
        } catch let error as SkillHubError where error.code == .skillNotFound {
            return []
        }
    }

    /// `skill` with each endpoint's status as the registry cache knows it now.
    private static func withLiveHealth(_ skill: SkillRecord, cache: RegistryCache) -> SkillRecord {
        var skill = skill
        for index in skill.endpoints.indices {
            if let route = cache.route(for: skill.endpoints[index].endpointID) {
                skill.endpoints[index].status = route.status
                skill.endpoints[index].weight = route.weight
            }
        }
        return skill
    }

    /// 2 for the caller's own skills, 1 for the platform's, 0 for other accounts'.
    private static func closeness(of skill: SkillRecord, to access: SkillAccess) -> Int {
        if skill.accountID == nil { return access == .everything ? 2 : 1 }
        return skill.accountID == access.owningAccount ? 2 : 0
    }

    /// Orders versions: inactive before active, then by semantic version.
    private static func older(_ lhs: SkillRecord, _ rhs: SkillRecord) -> Bool {
        let (leftActive, rightActive) = (lhs.status == .active, rhs.status == .active)
        if leftActive != rightActive { return rightActive }
        guard let left = SemanticVersion(lhs.version), let right = SemanticVersion(rhs.version) else { return lhs.version < rhs.version }
        return left < right
    }
}
