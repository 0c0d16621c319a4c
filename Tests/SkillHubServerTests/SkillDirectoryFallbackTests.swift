import Foundation
import NIOConcurrencyHelpers
import SkillHubCore
import Testing

@testable import SkillHubServer
@testable import SkillHubStorage

/// Issue 18: with PostgreSQL stopped, the invoke whose turn it was to refresh its skill's directory
/// entry waited on PostgreSQL for the whole outage. These use a store that fails or stalls in place
/// of PostgreSQL (`PostgresOutageTests` cuts the real one off).
@Suite("Skill directory: stale on error, bounded refresh")
struct SkillDirectoryFallbackTests {
    /// What the injected store does on its next loads.
    enum Behaviour: Sendable {
        case answer(version: String)
        case fail
        case stall
    }

    final class Store: Sendable {
        private let state = NIOLockedValueBox((behaviour: Behaviour.answer(version: "1.0.0"), loads: 0))

        func set(_ behaviour: Behaviour) { state.withLockedValue { $0.behaviour = behaviour } }
        var loads: Int { state.withLockedValue { $0.loads } }

        func load(_ name: String) async throws -> [SkillRecord] {
            let behaviour = state.withLockedValue { state in
                state.loads += 1
                return state.behaviour
            }
            switch behaviour {
            case .answer(let version):
                return [SkillDirectoryFallbackTests.skill(name, version: version)]
            case .fail:
                throw DatabaseUnavailableError(address: "127.0.0.1:1", reason: "injected outage")
            case .stall:
                try await Task.sleep(for: .seconds(3))
                return [SkillDirectoryFallbackTests.skill(name, version: "3.0.0")]
            }
        }
    }

    static func skill(_ name: String, version: String) -> SkillRecord {
        SkillRecord(
            skillID: UUID(), accountID: nil, name: name, description: "", version: version, status: .active, visibility: .public,
            routingStrategy: .weightedRoundRobin, timeoutMilliseconds: nil, metadata: [:], createdBy: nil, lastHeartbeat: nil,
            createdAt: Date(), updatedAt: Date(), endpoints: [], capabilities: []
        )
    }

    func directory(_ store: Store) -> SkillDirectory {
        SkillDirectory(freshness: .milliseconds(50), refreshWait: .milliseconds(200)) { try await store.load($0) }
    }

    @Test func aFailedRefreshServesWhatWasHeld() async throws {
        let store = Store()
        let directory = directory(store)
        #expect(try await directory.skill("echo", access: .everything).version == "1.0.0")
        store.set(.fail)
        try await Task.sleep(for: .milliseconds(80))
        for _ in 0..<3 {
            #expect(try await directory.skill("echo", access: .everything).version == "1.0.0")
            try await Task.sleep(for: .milliseconds(80))
        }
        #expect(store.loads >= 3)  // each aged call tried again
        store.set(.answer(version: "2.0.0"))
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await directory.skill("echo", access: .everything).version == "2.0.0")
    }

    @Test func aStalledRefreshIsWaitedForBrieflyThenFinishesInTheBackground() async throws {
        let store = Store()
        let directory = directory(store)
        _ = try await directory.skill("echo", access: .everything)
        store.set(.stall)
        try await Task.sleep(for: .milliseconds(80))
        let started = ContinuousClock.now
        #expect(try await directory.skill("echo", access: .everything).version == "1.0.0")
        #expect(ContinuousClock.now - started < .seconds(1))
        // While the reload runs, every other call goes on with what is held, at once.
        let again = ContinuousClock.now
        #expect(try await directory.skill("echo", access: .everything).version == "1.0.0")
        #expect(ContinuousClock.now - again < .milliseconds(100))
        #expect(store.loads == 2)
        // The reload lands when it finishes.
        let landed = try await eventually(within: .seconds(5)) {
            try await directory.skill("echo", access: .everything).version == "3.0.0"
        }
        #expect(landed)
    }

    @Test func aFreshRefreshIsWaitedFor() async throws {
        let store = Store()
        let directory = directory(store)
        _ = try await directory.skill("echo", access: .everything)
        store.set(.answer(version: "2.0.0"))
        try await Task.sleep(for: .milliseconds(80))
        // PostgreSQL answering in time: the call that reloads sees the new version (the 1 s promise holds).
        #expect(try await directory.skill("echo", access: .everything).version == "2.0.0")
    }

    @Test func withNothingHeldTheErrorIsTheAnswer() async throws {
        let store = Store()
        store.set(.fail)
        await #expect(throws: DatabaseUnavailableError.self) { try await directory(store).skill("echo", access: .everything) }
    }
}
