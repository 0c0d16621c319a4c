import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Isolated plugins: each in a plugin-host child process")
struct IsolatedPluginTests {
    /// Loads echo and the misbehaving test plugin, both isolated, hosted by the built `skillhub`.
    static func environment() throws -> [String: String] {
        try TestApplication.plugins("echo", "misbehaving").merging(try TestApplication.isolating("echo", "misbehaving")) { $1 }
    }

    @Test func aCrashFailsOnlyTheCallInFlightAndThePluginComesBack() async throws {
        try await TestApplication.make(environment: Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let root = KeyedClient(client: client, key: TestApplication.rootKey)

            let before = try await user.post("/api/v1/skills/misbehaving/invoke", #"{"capability": "twice", "input": {"n": 1}}"#)
            #expect(before.status == .ok)
            #expect(try before.value()["output"] == ["n": 1])

            let crashed = try await user.post("/api/v1/skills/misbehaving/invoke", #"{"capability": "crash", "input": {}}"#)
            #expect(crashed.status == .badGateway)
            let message = try crashed.value()["message"]?.stringValue ?? ""
            #expect(message.contains("misbehaving"))
            #expect(message.contains("SIGSEGV"))

            // The server lives on: other plugins answer at once, and the crashed one after its restart.
            let echo = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "reverse", "input": {"text": "abc"}}"#)
            #expect(try echo.value()["output"] == ["text": "cba"])
            #expect(try await eventually(within: .seconds(15)) {
                try await user.post("/api/v1/skills/misbehaving/invoke", #"{"capability": "twice", "input": {"n": 2}}"#).status == .ok
            })

            let plugins = try await root.get("/api/v1/admin/plugins").value()["result"]?["plugins"]?.arrayValue ?? []
            let misbehaving = plugins.first { $0["name"] == "misbehaving" }
            #expect(misbehaving?["mode"] == "isolated")
            #expect(misbehaving?["restarts"] == 1)
            #expect(misbehaving?["state"] == "running")
        }
    }

    @Test func hostServicesAndStreamingCrossTheProcessBoundary() async throws {
        try await TestApplication.make(environment: Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let key = TestStack.uniqueName("isolated")

            _ = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "remember", "input": {"key": "\#(key)", "value": "kept"}}"#)
            let recalled = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "recall", "input": {"key": "\#(key)"}}"#)
            #expect(try recalled.value()["output"]?["value"] == "kept")

            let relayed = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "relay", "input": {"skill": "misbehaving", "capability": "twice", "input": {"via": "echo"}}}"#)
            #expect(try relayed.value()["output"] == ["via": "echo"])

            let headers: HTTPFields = [KeyedClient.apiKeyHeader: tenant.userKey, .contentType: "application/json", .accept: "text/event-stream"]
            let streamed = try await client.execute(
                uri: "/api/v1/skills/echo/invoke", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"capability": "stream", "input": {"text": "over the socket"}}"#)
            )
            let events = String(buffer: streamed.body).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.map { $0.components(separatedBy: "\n").first ?? "" } == ["event: chunk", "event: chunk", "event: chunk", "event: result"])
            #expect(events.first == #"event: chunk\#ndata: {"text":"over"}"#)
        }
    }
}
