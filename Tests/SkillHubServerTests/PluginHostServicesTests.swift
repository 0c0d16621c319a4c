import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Plugins: host services, streaming and reload through the running server")
struct PluginHostServicesTests {
    @Test func keyValueEntriesAreKeptPerTenant() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let first = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let second = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let key = TestStack.uniqueName("note")

            let stored = try await first.post("/api/v1/skills/echo/invoke", #"{"capability": "remember", "input": {"key": "\#(key)", "value": "first's secret"}}"#)
            #expect(stored.status == .ok)
            let recalled = try await first.post("/api/v1/skills/echo/invoke", #"{"capability": "recall", "input": {"key": "\#(key)"}}"#)
            #expect(try recalled.value()["output"]?["value"] == "first's secret")
            // Another tenant's plugin calls see another namespace.
            let elsewhere = try await second.post("/api/v1/skills/echo/invoke", #"{"capability": "recall", "input": {"key": "\#(key)"}}"#)
            #expect(elsewhere.status == .ok)
            #expect(try elsewhere.value()["output"]?["value"] == nil)

            // A time to live is honoured.
            _ = try await first.post("/api/v1/skills/echo/invoke", #"{"capability": "remember", "input": {"key": "\#(key)-short", "value": "v", "ttl_ms": 50}}"#)
            try await Task.sleep(for: .milliseconds(150))
            let expired = try await first.post("/api/v1/skills/echo/invoke", #"{"capability": "recall", "input": {"key": "\#(key)-short"}}"#)
            #expect(try expired.value()["output"]?["value"] == nil)
        }
    }

    @Test func outboundHTTPGoesThroughTheHostWithinItsLimits() async throws {
        let page = try await RemoteSkillServer.start(name: "pages")
        defer { Task { await page.stop() } }
        var environment = try TestApplication.echoPlugins()
        environment["SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS"] = "127.0.0.1"
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)

            let fetched = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "fetch", "input": {"url": "\#(page.url("/page"))"}}"#)
            #expect(fetched.status == .ok)
            #expect(try fetched.value()["output"] == ["status": 200, "body": "hello from pages"])
            // An HTTP error is an answer, not a failure.
            let missing = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "fetch", "input": {"url": "\#(page.url("/absent"))"}}"#)
            #expect(try missing.value()["output"]?["status"] == 404)

            // Other schemes and hosts off the allow-list are refused as bad input, naming the reason.
            let file = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "fetch", "input": {"url": "file:///etc/passwd"}}"#)
            #expect(file.status == .badRequest)
            #expect(try file.value()["message"]?.stringValue?.contains("only http and https") == true)
            let offList = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "fetch", "input": {"url": "http://localhost:1/"}}"#)
            #expect(offList.status == .badRequest)
            #expect(try offList.value()["message"]?.stringValue?.contains("allow-list") == true)
        }
    }

    @Test func aPluginCallsAnotherSkillWithTheCallersRights() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let relayed = try await user.post(
                "/api/v1/skills/echo/invoke", #"{"capability": "relay", "input": {"skill": "echo-c", "input": {"via": "echo"}}}"#
            )
            #expect(relayed.status == .ok)
            #expect(try relayed.value()["output"] == ["via": "echo"])

            // A private skill of another tenant stays out of reach through a plugin too.
            let owner = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let privateName = TestStack.uniqueName("private")
            _ = try await DispatchTests.registerRemote(owner, name: privateName, endpoints: [(url: "http://127.0.0.1:9/skill", weight: 1)])
            let refused = try await user.post(
                "/api/v1/skills/echo/invoke", #"{"capability": "relay", "input": {"skill": "\#(privateName)", "capability": "run"}}"#
            )
            #expect(refused.status == .serviceUnavailable)
            #expect(try refused.value()["message"]?.stringValue?.contains(privateName) == true)
        }
    }

    @Test func aStreamingSkillStreamsServerSentEvents() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let headers: HTTPFields = [KeyedClient.apiKeyHeader: tenant.userKey, .contentType: "application/json", .accept: "text/event-stream"]
            let body = ByteBuffer(string: #"{"capability": "stream", "input": {"text": "one two three"}}"#)
            let streamed = try await client.execute(uri: "/api/v1/skills/echo/invoke", method: .post, headers: headers, body: body)
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType] == "text/event-stream")
            let events = String(buffer: streamed.body).components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.count == 4)
            #expect(events.prefix(3) == [#"event: chunk\#ndata: {"text":"one"}"#, #"event: chunk\#ndata: {"text":"two"}"#, #"event: chunk\#ndata: {"text":"three"}"#])
            let result = try #require(events.last)
            #expect(result.hasPrefix("event: result\ndata: "))
            let answer = try JSONDecoder().decode(JSONValue.self, from: Data(result.dropFirst("event: result\ndata: ".count).utf8))
            #expect(answer["output"] == ["words": 3])

            // Without the Accept header the same call answers whole.
            let whole = try await KeyedClient(client: client, key: tenant.userKey).post("/api/v1/skills/echo/invoke", String(buffer: body))
            #expect(try whole.value()["output"] == ["words": 3])

            // A call refused before it starts answers in the usual envelope, not as a stream.
            let refused = try await client.execute(
                uri: "/api/v1/skills/echo/invoke", method: .post, headers: headers, body: ByteBuffer(string: #"{"capability": "stream", "input": {}}"#)
            )
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test func reloadingAPluginUnderLoadFailsNoCall() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let root = KeyedClient(client: client, key: TestApplication.rootKey)

            let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var statuses: [HTTPResponse.Status] = []
                        for call in 0..<40 {
                            statuses.append(try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "echo", "input": {"w": \#(worker), "c": \#(call)}}"#).status)
                        }
                        return statuses
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(100))
                    let reloaded = try await root.post("/api/v1/admin/plugins/echo/reload")
                    #expect(reloaded.status == .ok)
                    #expect(try reloaded.value()["result"]?["generation"] == 2)
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 320)
            #expect(statuses.allSatisfy { $0 == .ok })

            let listed = try await root.get("/api/v1/admin/plugins").value()
            let echo = listed["result"]?["plugins"]?.arrayValue?.first { $0["name"] == "echo" }
            #expect(echo?["generation"] == 2)
            #expect(echo?["mode"] == "in-process")
            #expect(echo?["state"] == "running")
            #expect(echo?["in_flight"] == 0)

            let unknown = try await root.post("/api/v1/admin/plugins/\(TestStack.uniqueName("nope"))/reload")
            #expect(unknown.status == .notFound)
            #expect(try unknown.value()["code"] == 1012)
            #expect(try await user.post("/api/v1/admin/plugins/echo/reload").status == .forbidden)
        }
    }

    @Test func theRunningVersionIsTheOneCalledAfterAReloadToAnOlderOne() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            let running = try #require(try await user.post("/api/v1/skills/echo-c/invoke", #"{"capability": "echo", "input": {}}"#).value()["version"]?.stringValue)
            // An entry of a newer version left behind (an earlier deployment, or the version reloaded from).
            // (echo-c, not echo: DispatchTests checks which version of echo answers.)
            let newer = #"{"name": "echo-c", "version": "99.0.0", "visibility": "public", "metadata": {"plugin": true}, "endpoints": [{"url": "plugin://echo-c", "protocol": "plugin", "ephemeral": false}], "capabilities": [{"name": "echo"}]}"#
            let registered = try await root.post("/api/v1/skills/register", newer)
            #expect(registered.status == .created, "\(String(buffer: registered.body))")
            #expect(try await eventually(within: .seconds(3)) {
                try await user.post("/api/v1/skills/echo-c/invoke", #"{"capability": "echo", "input": {}}"#).value()["version"] == "99.0.0"
            })

            #expect(try await root.post("/api/v1/admin/plugins/echo-c/reload").status == .ok)
            #expect(try await eventually(within: .seconds(3)) {
                try await user.post("/api/v1/skills/echo-c/invoke", #"{"capability": "echo", "input": {}}"#).value()["version"]?.stringValue == running
            })
            let versions = try await root.get("/api/v1/skills/discover?name=echo-c&status=inactive").value()["data"]?["skills"]?.arrayValue ?? []
            let inactive: [String] = versions.compactMap { $0["version"]?.stringValue }
            #expect(inactive.contains("99.0.0"))
        }
    }
}
