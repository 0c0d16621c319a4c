import Foundation
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// Finds the skill a call names, from a short-lived memory of what PostgreSQL
/// answered (``freshness``, 1 s by default, the registry's cross-instance
/// promise), so the dispatch path does not query the database on every call.
/// When an entry has aged, one call reloads it while the others go on with
/// what it held (so a busy skill does not send every concurrent call to
/// PostgreSQL at once). Endpoint health comes from the registry cache, which
/// pub/sub keeps current.
final class SkillDirectory: Sendable {
    private struct Entry {
        var skills: [SkillRecord]
        var loadedAt: ContinuousClock.Instant
        var isReloading = false
    }

    private let registry: SkillRegistry
    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let freshness: Duration
    /// Entries kept at most; the memory starts over when full.
    let capacity: Int

    init(registry: SkillRegistry, freshness: Duration = .seconds(1), capacity: Int = 10_000) {
        self.registry = registry
        self.freshness = freshness
        self.capacity = capacity
    }

    /// The skill with id `reference`, or the newest active version named
    /// `reference` among those the caller may read; 404 (1004) when none.
    /// A name is looked up first among the caller's own skills, then the
    /// platform's (plugins), then other accounts' public ones, so no account
    /// can shadow another's skill or a built-in one by publishing its name.
    func skill(_ reference: String, access: SkillAccess) async throws -> SkillRecord {
        let readable = try await candidates(reference).filter { access.canRead(owner: $0.accountID, visibility: $0.visibility) }
        let closest = readable.map { Self.closeness(of: $0, to: access) }.max()
        guard let newest = readable.filter({ Self.closeness(of: $0, to: access) == closest }).max(by: Self.older) else {
            throw SkillHubError(.skillNotFound, "skill '\(reference)' not found")
        }
        return withLiveHealth(newest)
    }

    /// Every version named `reference` (or the one with that id), as recently loaded.
    private func candidates(_ reference: String) async throws -> [SkillRecord] {
        let now = ContinuousClock.now
        let known = entries.withLockedValue { entries -> [SkillRecord]? in
            guard let entry = entries[reference] else { return nil }
            if now - entry.loadedAt < freshness || entry.isReloading { return entry.skills }
            entries[reference]?.isReloading = true
            return nil
        }
        if let known { return known }
        let skills: [SkillRecord]
        do {
            skills = try await load(reference)
        } catch {
            entries.withLockedValue { $0[reference]?.isReloading = false }
            throw error
        }
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[reference] = Entry(skills: skills, loadedAt: now)
        }
        return skills
    }

    /// Every version named `reference` (or the one with that id), from PostgreSQL.
    private func load(_ reference: String) async throws -> [SkillRecord] {
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
    private func withLiveHealth(_ skill: SkillRecord) -> SkillRecord {
        var skill = skill
        for index in skill.endpoints.indices {
            if let route = registry.cache.route(for: skill.endpoints[index].endpointID) {
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
