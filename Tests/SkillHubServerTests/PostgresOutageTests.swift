import Foundation
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

/// Issue 18: PostgreSQL gone for a while under light load. The test's server reaches the shared
/// test PostgreSQL through an `OutageProxy`, which takes it away at the socket level (every
/// connection closed, new ones closed as they come) and brings it back, without stopping the
/// server the rest of the suite uses.
@Suite("PostgreSQL outage")
struct PostgresOutageTests {
    /// Whether the server's index warm-up finished within a minute.
    static func indexesWarmedUp(_ client: any TestClientProtocol) async throws -> Bool {
        try await eventually(within: .seconds(60)) {
            try await client.execute(uri: "/api/health", method: .get).json()["services"]?["knowledge_indexes"] == "healthy"
        }
    }

    @Test func invokesGoOnFromWhatIsHeldAndWritesFailFastThenRecover() async throws {
        let upstream = try TestStack.databaseURL()
        let proxy = try await OutageProxy.start(to: upstream.host, port: upstream.port)
        var url = upstream
        url.host = "127.0.0.1"
        url.port = proxy.port
        let app = try await TestApplication.make(databaseURL: url, environment: try TestApplication.plugins("echo"))
        try await app.test(.live) { client in
            #expect(try await eventually(within: .seconds(10)) { try await client.execute(uri: "/ready", method: .get).status == .ok })
            // The index warm-up done first: with its loads under way when PostgreSQL was cut off, writes
            // were seen waiting the whole acquire timeout instead of failing at once (the circuit opens
            // only while this process holds no connection; see the closing note of issue 15).
            #expect(try await Self.indexesWarmedUp(client))
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            let invoke = #"{"capability": "reverse", "input": {"text": "abc"}}"#
            #expect(try await root.post("/api/v1/skills/echo/invoke", invoke).status == .ok)

            await proxy.cutOff()
            // Past the directory's 1 s freshness: each invoke below is the one whose turn it is to refresh.
            for round in 0..<4 {
                try await Task.sleep(for: .milliseconds(1_100))
                let started = ContinuousClock.now
                let answer = try await root.post("/api/v1/skills/echo/invoke", invoke)
                let took = ContinuousClock.now - started
                #expect(answer.status == .ok, "round \(round): \(String(buffer: answer.body))")
                #expect(took < .milliseconds(900), "round \(round): the invoke waited \(took) on PostgreSQL")
            }

            // Writes: the first waits at most the acquire timeout (2 s), the next fail at once; all 503, 1008.
            var waits: [Duration] = []
            for attempt in 0..<5 {
                let started = ContinuousClock.now
                let refused = try await root.post(
                    "/api/v1/skills/register", #"{"name": "\#(TestStack.uniqueName("outage"))", "version": "1.0.\#(attempt)"}"#
                )
                waits.append(ContinuousClock.now - started)
                #expect(refused.status == .serviceUnavailable, "\(String(buffer: refused.body))")
                #expect(try refused.value()["code"] == 1008)
            }
            #expect(waits.max() ?? .zero < .seconds(3), "\(waits)")
            #expect(waits.dropFirst().allSatisfy { $0 < .milliseconds(300) }, "\(waits)")
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(try ready.json()["checks"]?["postgres"] == "failed")

            proxy.restore()
            let recovered = try await eventually(within: .seconds(10)) {
                let name = TestStack.uniqueName("back")
                return try await root.post("/api/v1/skills/register", #"{"name": "\#(name)", "version": "1.0.0"}"#).status == .created
            }
            #expect(recovered)
            #expect(try await root.post("/api/v1/skills/echo/invoke", invoke).status == .ok)
            #expect(try await eventually(within: .seconds(5)) { try await client.execute(uri: "/ready", method: .get).status == .ok })
        }
        await proxy.shutdown()
    }
}
