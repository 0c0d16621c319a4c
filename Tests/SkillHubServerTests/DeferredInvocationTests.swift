import Foundation
import HummingbirdTesting
import NIOCore
import PostgresNIO
import SkillHubCore
import SkillHubServer
import SkillHubStorage
import SkillHubTestSupport
import Testing

/// Deferred skill invocations through the running server: the `echo` plugin's `defer` capability
/// asks the host (`invoke_skill` with `defer`, through SkillKit's `deferSkill`) to call another
/// capability later; the runner calls it with the caller's rights.
@Suite("Deferred invocations through the running server")
struct DeferredInvocationTests {
    /// A quick runner: looks for due jobs every 50 ms, retries after 50 ms, 100 ms, ….
    static let quick = DeferredInvocationSettings(pollInterval: .milliseconds(50), backoff: DeferredBackoff(base: .milliseconds(50), maximum: .seconds(1)))

    static func deferCall(_ user: KeyedClient, _ fields: String) async throws -> TestResponse {
        try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "defer", "input": {\#(fields)}}"#)
    }

    static func recall(_ user: KeyedClient, _ key: String) async throws -> JSONValue? {
        let recalled = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "recall", "input": {"key": "\#(key)"}}"#)
        return try recalled.value()["output"]?["value"]
    }

    static func remember(key: String, value: String) -> String {
        #""skill": "echo", "capability": "remember", "input": {"key": "\#(key)", "value": "\#(value)"}"#
    }

    static func withJobs<Result: Sendable>(_ body: @escaping @Sendable (DeferredInvocationRepository, Database) async throws -> Result) async throws -> Result {
        try await TestStack.withDatabase(try TestStack.databaseURL(), poolSize: 1) { database in
            try await body(DeferredInvocationRepository(database: database), database)
        }
    }

    /// The stored job once `condition` holds for it (nil: it is gone), or what it was at the deadline.
    static func job(_ id: UUID, within timeout: Duration = .seconds(15), until condition: @escaping @Sendable (DeferredInvocationRecord?) -> Bool) async throws -> DeferredInvocationRecord? {
        try await withJobs { jobs, _ in
            let deadline = ContinuousClock.now + timeout
            while true {
                let job = try await jobs.job(id)
                if condition(job) || ContinuousClock.now > deadline { return job }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func jobID(_ response: TestResponse) throws -> UUID {
        try #require(try response.value()["output"]?["job_id"]?.stringValue.flatMap(UUID.init(uuidString:)))
    }

    @Test func aDeferredCallRunsLaterWithTheCallersRightsAndOnlyOncePerKey() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins(), deferredInvocations: Self.quick).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let stranger = KeyedClient(client: client, key: try await TestTenant.create(with: client, prefix: "other").userKey)
            let key = TestStack.uniqueName("later")
            let dedupe = TestStack.uniqueName("once")

            let before = Date()
            let deferred = try await Self.deferCall(user, Self.remember(key: key, value: "first") + #", "delay_ms": 800, "key": "\#(dedupe)""#)
            #expect(deferred.status == .ok, "\(String(buffer: deferred.body))")
            let output = try #require(try deferred.value()["output"])
            let id = try Self.jobID(deferred)
            #expect(output["duplicate"] == false)
            let runAfter = try #require(output["run_after"]?.stringValue.flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) })
            #expect(runAfter.timeIntervalSince(before) > 0.7)

            // A second deferral with the key while the first is pending is answered with the first.
            let again = try await Self.deferCall(user, Self.remember(key: key, value: "second") + #", "key": "\#(dedupe)""#)
            #expect(try Self.jobID(again) == id)
            #expect(try again.value()["output"]?["duplicate"] == true)

            // Not run before its time; then run once, in the caller's namespace, and deleted.
            #expect(try await Self.recall(user, key) == nil)
            #expect(try await eventually(within: .seconds(10)) { try await Self.recall(user, key) == "first" })
            #expect(Date() >= runAfter)
            #expect(try await Self.job(id) { $0 == nil } == nil)
            #expect(try await Self.recall(stranger, key) == nil)
        }
    }

    @Test func aCallThatCannotSucceedFailsAtOnceAndOneThatMaySucceedIsRetried() async throws {
        var environment = try TestApplication.echoPlugins()
        environment["SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS"] = "127.0.0.1"
        try await TestApplication.make(environment: environment, deferredInvocations: Self.quick).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)

            // The host refuses the URL as bad input: a permanent failure, kept after one attempt.
            let refused = try Self.jobID(try await Self.deferCall(user, #""skill": "echo", "capability": "fetch", "input": {"url": "file:///etc/passwd"}"#))
            // Nothing listens on port 1: unavailable, retried until its attempts are used up.
            let unreachable = try Self.jobID(try await Self.deferCall(
                user, #""skill": "echo", "capability": "fetch", "input": {"url": "http://127.0.0.1:1/"}, "max_attempts": 3"#
            ))

            let permanent = try #require(try await Self.job(refused) { $0?.status == .failed })
            #expect(permanent.status == .failed)
            #expect(permanent.attempts == 1)
            #expect(permanent.lastError?.hasPrefix("1001:") == true)
            #expect(permanent.lastError?.contains("only http and https") == true)
            #expect(permanent.plugin == "echo")
            #expect(permanent.skill == "echo")

            let exhausted = try #require(try await Self.job(unreachable) { $0?.status == .failed })
            #expect(exhausted.status == .failed)
            #expect(exhausted.attempts == 3)
            #expect(exhausted.lastError?.hasPrefix("1008:") == true)

            try await Self.withJobs { _, database in
                try await database.withConnection { connection in
                    _ = try await connection.query("DELETE FROM deferred_invocations WHERE job_id IN (\(refused), \(unreachable))", logger: connection.logger)
                }
            }
        }
    }

    @Test func badDeferralsAreRefusedAtOnceNamingTheField() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins(), deferredInvocations: Self.quick).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let remember = Self.remember(key: TestStack.uniqueName("never"), value: "x")

            let attempts = try await Self.deferCall(user, remember + #", "max_attempts": 50"#)
            #expect(attempts.status == .badRequest)
            #expect(try attempts.value()["message"]?.stringValue?.contains("defer.max_attempts") == true)
            let key = try await Self.deferCall(user, remember + #", "key": "\#(String(repeating: "k", count: 201))""#)
            #expect(key.status == .badRequest)
            #expect(try key.value()["message"]?.stringValue?.contains("defer.key") == true)
            let delay = try await Self.deferCall(user, remember + #", "delay_ms": 2592000001"#)
            #expect(delay.status == .badRequest)
            #expect(try delay.value()["message"]?.stringValue?.contains("defer.delay_ms") == true)

            // The call itself is checked when it is deferred: its capability, its input.
            #expect(try await Self.deferCall(user, #""skill": "echo", "capability": "nope""#).status == .notFound)
            let input = try await Self.deferCall(user, #""skill": "echo", "capability": "reverse", "input": {}"#)
            #expect(input.status == .badRequest)
            #expect(try input.value()["message"]?.stringValue?.contains("text") == true)
        }
    }

    @Test func aJobStoredBeforeARestartRunsAfterIt() async throws {
        let tenant = KeyHolder()
        let key = TestStack.uniqueName("restart")
        try await TestApplication.make(environment: TestApplication.echoPlugins(), deferredInvocations: Self.quick).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            tenant.key = user.key
            let deferred = try await Self.deferCall(user, Self.remember(key: key, value: "survived") + #", "delay_ms": 3000"#)
            #expect(deferred.status == .ok)
        }
        // Another instance (or this one started again) runs it when it is due.
        try await TestApplication.make(environment: TestApplication.echoPlugins(), deferredInvocations: Self.quick).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: tenant.key)
            #expect(try await eventually(within: .seconds(10)) { try await Self.recall(user, key) == "survived" })
        }
    }

    @Test func anIsolatedPluginsDeferralPassesThroughItsHostProcess() async throws {
        let environment = try TestApplication.echoPlugins().merging(try TestApplication.isolating("echo")) { $1 }
        try await TestApplication.make(environment: environment, deferredInvocations: Self.quick).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let key = TestStack.uniqueName("isolated")
            let deferred = try await Self.deferCall(user, Self.remember(key: key, value: "from the child") + #", "delay_ms": 200, "serial": "s""#)
            #expect(deferred.status == .ok, "\(String(buffer: deferred.body))")
            #expect(try deferred.value()["output"]?["job_id"]?.stringValue != nil)
            #expect(try await eventually(within: .seconds(10)) { try await Self.recall(user, key) == "from the child" })
            let refused = try await Self.deferCall(user, Self.remember(key: key, value: "x") + #", "max_attempts": 0"#)
            #expect(refused.status == .badRequest)
            #expect(try refused.value()["message"]?.stringValue?.contains("defer.max_attempts") == true)
        }
    }
}

/// A value carried from one test application to the next.
private final class KeyHolder: @unchecked Sendable {
    var key = ""
}
