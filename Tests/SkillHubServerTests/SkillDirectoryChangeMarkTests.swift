import Foundation
import NIOConcurrencyHelpers
import SkillHubRegistry
import Testing

@testable import SkillHubServer

/// A directory entry outlives ``SkillDirectory/freshness`` while the registry's change mark has not
/// moved and changes are followed, so a skill called now and then does not cost PostgreSQL queries
/// before each call; any change, or a lost subscription, brings back a reload.
@Suite("Skill directory: entries held until the registry changes")
struct SkillDirectoryChangeMarkTests {
    /// The registry cache's mark, moved by hand.
    final class Marks: Sendable {
        private let mark = NIOLockedValueBox(RegistryChangeMark(count: 0, isFollowing: true))

        var current: RegistryChangeMark { mark.withLockedValue { $0 } }
        func move() { mark.withLockedValue { $0.count += 1 } }
        func setFollowing(_ following: Bool) { mark.withLockedValue { $0.isFollowing = following } }
    }

    func directory(_ store: SkillDirectoryFallbackTests.Store, _ marks: Marks) -> SkillDirectory {
        SkillDirectory(
            freshness: .milliseconds(50), refreshWait: .milliseconds(200),
            load: { try await store.load($0) }, changeMark: { marks.current }
        )
    }

    @Test func anAgedEntryHoldsWhileTheMarkStands() async throws {
        let (store, marks) = (SkillDirectoryFallbackTests.Store(), Marks())
        let directory = directory(store, marks)
        #expect(try await directory.skill("echo", access: .everything).version == "1.0.0")
        store.set(.answer(version: "2.0.0"))
        try await Task.sleep(for: .milliseconds(120))
        #expect(try await directory.skill("echo", access: .everything).version == "1.0.0")
        #expect(store.loads == 1)
    }

    @Test func aMovedMarkReloadsTheAgedEntry() async throws {
        let (store, marks) = (SkillDirectoryFallbackTests.Store(), Marks())
        let directory = directory(store, marks)
        _ = try await directory.skill("echo", access: .everything)
        store.set(.answer(version: "2.0.0"))
        marks.move()
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await directory.skill("echo", access: .everything).version == "2.0.0")
        #expect(store.loads == 2)
    }

    @Test func withoutALiveSubscriptionTheFreshnessDecides() async throws {
        let (store, marks) = (SkillDirectoryFallbackTests.Store(), Marks())
        marks.setFollowing(false)
        let directory = directory(store, marks)
        _ = try await directory.skill("echo", access: .everything)
        store.set(.answer(version: "2.0.0"))
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await directory.skill("echo", access: .everything).version == "2.0.0")
    }

    @Test func aMarkTakenWhileNotFollowingNeverHolds() async throws {
        let (store, marks) = (SkillDirectoryFallbackTests.Store(), Marks())
        marks.setFollowing(false)
        let directory = directory(store, marks)
        _ = try await directory.skill("echo", access: .everything)
        marks.setFollowing(true)  // the subscription came back, with nothing moved in between
        store.set(.answer(version: "2.0.0"))
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await directory.skill("echo", access: .everything).version == "2.0.0")
    }
}
