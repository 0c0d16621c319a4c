import Foundation
import Logging
import PostgresNIO
import SkillHubCore
import SkillHubTestSupport
import Testing

@testable import SkillHubStorage

/// The store of deferred skill invocations, each test on a database of its own with the real
/// migrations (the runners of other tests' servers claim jobs from the shared one).
@Suite("Deferred invocations: the repository against PostgreSQL")
struct DeferredInvocationRepositoryTests {
    static let caller = Principal(accountID: nil, userID: "tester", role: .user)

    /// A fresh database with every migration applied, and its repository.
    static func withRepository(_ body: @escaping @Sendable (DeferredInvocationRepository, Database) async throws -> Void) async throws {
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                var logger = Logger(label: "skillhub.test.deferred")
                logger.logLevel = .critical
                try await MigrationRunner(database: database, logger: logger).apply(try MigrationLoader.load(directory: try TestStack.migrationsDirectory()))
                try await body(DeferredInvocationRepository(database: database, logger: logger), database)
            }
        }
    }

    static func draft(
        _ capability: String = "remember", skill: String = "echo", principal: Principal = caller, key: String? = nil, serial: String? = nil,
        delay: Duration = .zero, maxAttempts: Int = 5
    ) -> DeferredInvocationDraft {
        DeferredInvocationDraft(
            principal: principal, plugin: "tester", skill: skill, capability: capability, input: ["n": .string(capability)], sessionID: "s-1",
            dedupeKey: key, serialKey: serial, delay: delay, maxAttempts: maxAttempts
        )
    }

    static func execute(_ sql: PostgresQuery, on database: Database) async throws {
        try await database.withConnection { connection in _ = try await connection.query(sql, logger: connection.logger) }
    }

    /// Claims until `condition` holds for what was claimed, or fails after `timeout`.
    static func claimEventually(
        _ repository: DeferredInvocationRepository, lease: Duration = .seconds(60), timeout: Duration = .seconds(5),
        until condition: ([DeferredInvocationRecord]) -> Bool
    ) async throws -> [DeferredInvocationRecord] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let claimed = try await repository.claimDue(limit: 10, lease: lease)
            if condition(claimed) || ContinuousClock.now > deadline { return claimed }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func aJobIsStoredClaimedOnceAndDeletedWhenItSucceeds() async throws {
        try await Self.withRepository { repository, _ in
            let (job, duplicate) = try await repository.enqueue(Self.draft())
            #expect(!duplicate)
            #expect(job.status == .pending)
            #expect(job.attempts == 0)
            #expect(job.input == ["n": "remember"])
            #expect(job.principal == Self.caller)

            let claimed = try await repository.claimDue(limit: 10, lease: .seconds(60))
            #expect(claimed.map(\.jobID) == [job.jobID])
            #expect(claimed.first?.attempts == 1)
            #expect(claimed.first.flatMap(\.claimedUntil).map { $0 > Date() } == true)
            // Held: nobody else takes it.
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).isEmpty)

            #expect(try await repository.complete(try #require(claimed.first)))
            #expect(try await repository.job(job.jobID) == nil)
            #expect(try await repository.count() == 0)
        }
    }

    @Test func aDelayedJobIsNotDueBeforeItsTime() async throws {
        try await Self.withRepository { repository, _ in
            let (job, _) = try await repository.enqueue(Self.draft(delay: .milliseconds(400)))
            #expect(job.runAfter.timeIntervalSince(job.createdAt) >= 0.399)
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).isEmpty)
            let claimed = try await Self.claimEventually(repository) { !$0.isEmpty }
            #expect(claimed.map(\.jobID) == [job.jobID])
            #expect(Date() >= job.runAfter)
        }
    }

    @Test func aKeyAllowsOnePendingJobPerAccountAndSkill() async throws {
        try await Self.withRepository { repository, database in
            try await Self.execute("INSERT INTO accounts (account_id) VALUES ('acme')", on: database)
            let (first, _) = try await repository.enqueue(Self.draft("decay", key: "sweep"))
            let (second, duplicate) = try await repository.enqueue(Self.draft("decay", key: "sweep", delay: .seconds(60)))
            #expect(duplicate)
            #expect(second.jobID == first.jobID)
            #expect(second.runAfter == first.runAfter)  // the existing job, unchanged
            // Another account, or another skill, has its own.
            let member = Principal(accountID: "acme", userID: "u", role: .user)
            #expect(try await repository.enqueue(Self.draft("decay", principal: member, key: "sweep")).duplicate == false)
            #expect(try await repository.enqueue(Self.draft("decay", skill: "memory", key: "sweep")).duplicate == false)
            #expect(try await repository.count(status: .pending) == 3)

            // Still a duplicate while it runs; once it is done the key is free again.
            let claimed = try await repository.claimDue(limit: 10, lease: .seconds(60))
            let running = try #require(claimed.first { $0.jobID == first.jobID })
            #expect(try await repository.enqueue(Self.draft("decay", key: "sweep")).duplicate)
            #expect(try await repository.complete(running))
            let (third, again) = try await repository.enqueue(Self.draft("decay", key: "sweep"))
            #expect(!again)
            #expect(third.jobID != first.jobID)
            // A failed job frees its key too.
            let thirdClaim = try #require(try await repository.claimDue(limit: 10, lease: .seconds(60)).first { $0.jobID == third.jobID })
            #expect(try await repository.fail(thirdClaim, error: "1001: bad"))
            #expect(try await repository.enqueue(Self.draft("decay", key: "sweep")).duplicate == false)
        }
    }

    @Test func jobsOfOneSerialKeyRunOneAtATimeInCreationOrder() async throws {
        try await Self.withRepository { repository, database in
            let a = try await repository.enqueue(Self.draft("a", serial: "user-1")).job
            let b = try await repository.enqueue(Self.draft("b", serial: "user-1")).job
            let c = try await repository.enqueue(Self.draft("c", serial: "user-1")).job
            let other = try await repository.enqueue(Self.draft("other", serial: "user-2")).job
            let free = try await repository.enqueue(Self.draft("free")).job

            // The first of each serial key, and the job without one.
            let first = try await repository.claimDue(limit: 10, lease: .seconds(60))
            #expect(Set(first.map(\.jobID)) == [a.jobID, other.jobID, free.jobID])
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).isEmpty)

            // a succeeds: b is next; it fails and waits for its retry, and c waits behind it.
            #expect(try await repository.complete(try #require(first.first { $0.jobID == a.jobID })))
            let bClaim = try #require(try await repository.claimDue(limit: 10, lease: .seconds(60)).first)
            #expect(bClaim.jobID == b.jobID)
            let retried = try #require(try await repository.reschedule(bClaim, error: "1008: down", backoff: DeferredBackoff(base: .milliseconds(300))))
            #expect(retried.status == .pending)
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).isEmpty)
            let bAgain = try await Self.claimEventually(repository) { !$0.isEmpty }
            #expect(bAgain.map(\.jobID) == [b.jobID])
            #expect(bAgain.first?.attempts == 2)
            #expect(try await repository.complete(try #require(bAgain.first)))
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).map(\.jobID) == [c.jobID])

            // An earlier job is not started while a later one of its key is held (it was stored
            // first but committed after the later one was claimed).
            let d = try await repository.enqueue(Self.draft("d", serial: "user-3")).job
            let e = try await repository.enqueue(Self.draft("e", serial: "user-3")).job
            try await Self.execute("UPDATE deferred_invocations SET claimed_until = now() + interval '1 minute' WHERE job_id = \(e.jobID)", on: database)
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).contains { $0.jobID == d.jobID } == false)
        }
    }

    @Test func aJobWhoseRunnerStoppedIsTakenOverWhenItsLeaseExpires() async throws {
        try await Self.withRepository { repository, _ in
            let job = try await repository.enqueue(Self.draft()).job
            let stale = try #require(try await repository.claimDue(limit: 10, lease: .milliseconds(300)).first)
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).isEmpty)
            let takenOver = try await Self.claimEventually(repository) { !$0.isEmpty }
            #expect(takenOver.map(\.jobID) == [job.jobID])
            #expect(takenOver.first?.attempts == 2)
            // The first runner's claim is no longer the current one: its outcome changes nothing.
            #expect(try await repository.complete(stale) == false)
            #expect(try await repository.fail(stale, error: "late") == false)
            #expect(try await repository.reschedule(stale, error: "late", backoff: DeferredBackoff()) == nil)
            #expect(try await repository.job(job.jobID)?.status == .pending)
            #expect(try await repository.complete(try #require(takenOver.first)))
        }
    }

    @Test func failuresWaitLongerEachTimeAndTheJobFailsWhenItsAttemptsAreUsedUp() async throws {
        try await Self.withRepository { repository, _ in
            let job = try await repository.enqueue(Self.draft(maxAttempts: 3)).job
            let backoff = DeferredBackoff(base: .milliseconds(100), maximum: .seconds(10))
            var pauses: [Double] = []
            for attempt in 1...2 {
                let claimed = try await Self.claimEventually(repository) { !$0.isEmpty }
                let held = try #require(claimed.first)
                #expect(held.attempts == attempt)
                let stored = try #require(try await repository.reschedule(held, error: "1008: attempt \(attempt)", backoff: backoff))
                #expect(stored.status == .pending)
                #expect(stored.lastError == "1008: attempt \(attempt)")
                #expect(stored.claimedUntil == nil)
                pauses.append(stored.runAfter.timeIntervalSince(stored.updatedAt))
            }
            #expect(abs(pauses[0] - 0.1) < 0.002)
            #expect(abs(pauses[1] - 0.2) < 0.002)

            let last = try #require(try await Self.claimEventually(repository) { !$0.isEmpty }.first)
            #expect(last.attempts == 3)
            let failed = try #require(try await repository.reschedule(last, error: "1011: slow", backoff: backoff))
            #expect(failed.status == .failed)
            #expect(failed.lastError == "1011: slow")
            // Kept for inspection, never claimed again.
            #expect(try await repository.job(job.jobID)?.status == .failed)
            try await Task.sleep(for: .milliseconds(450))
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).isEmpty)
            #expect(try await repository.count(status: .failed) == 1)
            #expect(try await repository.count(status: .failed, plugin: "someone-else") == 0)
            #expect(try await repository.list(status: .failed).map(\.jobID) == [job.jobID])
            #expect(try await repository.list(status: .pending).isEmpty)
        }
    }

    @Test func aPermanentFailureFailsTheJobAtOnce() async throws {
        try await Self.withRepository { repository, _ in
            let job = try await repository.enqueue(Self.draft(maxAttempts: 5)).job
            let held = try #require(try await repository.claimDue(limit: 10, lease: .seconds(60)).first)
            #expect(try await repository.fail(held, error: "1001: invalid input"))
            let stored = try #require(try await repository.job(job.jobID))
            #expect(stored.status == .failed)
            #expect(stored.attempts == 1)
            #expect(stored.lastError == "1001: invalid input")
        }
    }

    @Test func aLastAttemptThatNeverFinishedFailsTheJobWhenItsLeaseExpires() async throws {
        try await Self.withRepository { repository, _ in
            let job = try await repository.enqueue(Self.draft(serial: "u", maxAttempts: 1)).job
            let next = try await repository.enqueue(Self.draft(serial: "u")).job
            _ = try #require(try await repository.claimDue(limit: 10, lease: .milliseconds(200)).first)
            #expect(try await repository.failAbandoned().isEmpty)  // its lease still holds
            try await Task.sleep(for: .milliseconds(250))
            #expect(try await repository.failAbandoned() == [job.jobID])
            let stored = try #require(try await repository.job(job.jobID))
            #expect(stored.status == .failed)
            #expect(stored.lastError?.contains("did not finish") == true)
            // It no longer holds up the next job of its serial key.
            #expect(try await repository.claimDue(limit: 10, lease: .seconds(60)).map(\.jobID) == [next.jobID])
        }
    }

    @Test func theBackoffDoublesFromItsBaseUpToItsMaximum() {
        let backoff = DeferredBackoff()
        #expect((1...9).map { backoff.delay(afterAttempt: $0) } == [5, 10, 20, 40, 80, 160, 320, 600, 600].map { Duration.seconds($0) })
        #expect(backoff.delay(afterAttempt: 0) == .seconds(5))
        #expect(backoff.delay(afterAttempt: 1_000) == .seconds(600))
        #expect(DeferredBackoff(base: .milliseconds(50), maximum: .milliseconds(120)).delay(afterAttempt: 3) == .milliseconds(120))
    }
}
