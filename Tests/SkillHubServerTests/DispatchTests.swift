import Foundation
import HTTPTypes
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Dispatch: one API for plugins and remote skills")
struct DispatchTests {
    /// A started application's client, once its plugins are loaded and registered.
    static func ready(_ client: any TestClientProtocol) async throws {
        #expect(try await eventually(within: .seconds(10)) { try await client.execute(uri: "/ready", method: .get).status == .ok })
    }

    /// Registers a remote skill owned by `tenant` with the given endpoints; its id.
    static func registerRemote(
        _ client: KeyedClient, name: String, endpoints: [(url: String, weight: Int)], strategy: String = "weighted_round_robin",
        capabilities: String = #"[{"name": "run", "parameters": {"type": "object"}}]"#
    ) async throws -> String {
        let list = endpoints.map { #"{"url": "\#($0.url)", "protocol": "http", "weight": \#($0.weight)}"# }.joined(separator: ", ")
        let registered = try await client.post(
            "/api/v1/skills/register",
            #"{"name": "\#(name)", "version": "1.0.0", "routing_strategy": "\#(strategy)", "endpoints": [\#(list)], "capabilities": \#(capabilities)}"#
        )
        #expect(registered.status == .ok || registered.status == .created)
        return try #require(try registered.value()["data"]?["skill_id"]?.stringValue)
    }

    @Test func bothEchoPluginsAnswerThroughTheSameRoute() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)

            let swift = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "echo", "input": {"greeting": "你好", "n": 3}}"#)
            #expect(swift.status == .ok)
            let answer = try swift.value()
            #expect(answer["output"] == ["greeting": "你好", "n": 3])
            #expect(answer["skill"] == "echo")
            #expect(answer["capability"] == "echo")
            #expect(answer["endpoint_id"]?.stringValue != nil)
            #expect(answer["latency_ms"] != nil)

            let reversed = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "reverse", "input": {"text": "abc"}}"#)
            #expect(try reversed.value()["output"] == ["text": "cba"])

            // echo-c has one capability, so it may be left out.
            let plain = try await user.post("/api/v1/skills/echo-c/invoke", #"{"input": {"list": [1, 2, 3]}}"#)
            #expect(plain.status == .ok)
            #expect(try plain.value()["output"] == ["list": [1, 2, 3]])
            // Its schema asks for an object.
            let notAnObject = try await user.post("/api/v1/skills/echo-c/invoke", #"{"input": [1, 2, 3]}"#)
            #expect(try notAnObject.invalidFields() == ["input"])

            // The plugins are public skills in discovery, with their capabilities and plugin:// endpoints.
            let discovered = try await user.get("/api/v1/skills/discover?name=echo-c").value()
            #expect(discovered["data"]?["skills"]?[0]?["endpoints"]?[0]?["url"] == "plugin://echo-c")
            #expect(discovered["data"]?["skills"]?[0]?["capabilities"]?[0]?["name"] == "echo")

            let plugins = try await KeyedClient(client: client, key: TestApplication.rootKey).get("/api/v1/admin/plugins").value()
            let states = plugins["result"]?["plugins"]?.arrayValue?.compactMap { plugin in plugin["name"]?.stringValue.map { ($0, plugin["state"]?.stringValue ?? "") } }
            #expect(states.map { Dictionary($0, uniquingKeysWith: { a, _ in a }) } == ["echo": "running", "echo-c": "running"])

            // Per-endpoint figures reach /metrics.
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"skillhub_dispatch_attempts_total{skill="echo",endpoint=""#))
            #expect(metrics.contains("skillhub_dispatch_attempt_duration_seconds_bucket"))
            #expect(metrics.contains(#"skillhub_dispatch_in_flight{skill="echo-c""#))
        }
    }

    @Test func everyErrorCaseAnswersInTheEnvelope() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)

            let unknownSkill = try await user.post("/api/v1/skills/\(TestStack.uniqueName("nope"))/invoke", #"{"input": {}}"#)
            #expect(unknownSkill.status == .notFound)
            #expect(try unknownSkill.value()["code"] == 1004)

            let unknownCapability = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "shout", "input": {}}"#)
            #expect(unknownCapability.status == .notFound)
            #expect(try unknownCapability.value()["code"] == 1005)

            let ambiguous = try await user.post("/api/v1/skills/echo/invoke", #"{"input": {}}"#)
            #expect(ambiguous.status == .badRequest)
            #expect(try ambiguous.invalidFields() == ["capability"])

            let badInput = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "reverse", "input": {"text": 5}}"#)
            #expect(badInput.status == .badRequest)
            #expect(try badInput.value()["code"] == 1001)
            #expect(try badInput.invalidFields() == ["input.text"])

            let badTimeout = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "echo", "input": {}, "timeout_ms": 0}"#)
            #expect(try badTimeout.invalidFields() == ["timeout_ms"])

            let unknownField = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "echo", "inptu": {}}"#)
            #expect(try unknownField.invalidFields() == ["inptu"])

            // A service key registers and heartbeats; it may not invoke.
            let service = try await user.as_(tenant.serviceKey).post("/api/v1/skills/echo/invoke", #"{"capability": "echo", "input": {}}"#)
            #expect(service.status == .forbidden)
            #expect(try service.value()["code"] == 1003)
        }
    }

    @Test func remoteEndpointsShareCallsByWeightAndFailOver() async throws {
        let (a, b) = (try await RemoteSkillServer.start(name: "a"), try await RemoteSkillServer.start(name: "b"))
        try await TestApplication.make().test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            // The third endpoint listens nowhere: calls routed to it fail over.
            let name = TestStack.uniqueName("remote")
            let skillID = try await Self.registerRemote(
                user.as_(tenant.serviceKey), name: name,
                endpoints: [(a.url(), 3), (b.url(), 1), ("http://127.0.0.1:9/skill", 1)]
            )
            for index in 0..<20 {
                let called = try await user.post("/api/v1/skills/\(name)/invoke", #"{"capability": "run", "input": {"i": \#(index)}, "session_id": "s-1"}"#)
                #expect(called.status == .ok)
                #expect(try called.value()["output"]?["input"] == ["i": .number(Double(index))])
                #expect(try called.value()["output"]?["session_id"] == "s-1")
            }
            #expect(a.callCount + b.callCount == 20)
            // 3:1 between the live ones, give or take what the dead endpoint's share moved.
            #expect(a.callCount >= 12 && b.callCount >= 3)
            // The calls are counted for the skill's status (sent to Redis in batches).
            #expect(try await eventually(within: .seconds(5)) {
                try await user.get("/api/v1/skills/\(skillID)/status").value()["data"]?["request_count"] == 20
            })
        }
        await a.stop()
        await b.stop()
    }

    @Test func anotherAccountCannotShadowABuiltInSkillByPublishingItsName() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await Self.ready(client)
            let squatter = try await TestTenant.create(with: client)
            let published = try await KeyedClient(client: client, key: squatter.serviceKey).post(
                "/api/v1/skills/register",
                #"{"name": "echo", "version": "99.0.0", "visibility": "public", "endpoints": [{"url": "http://127.0.0.1:9/steal", "protocol": "http"}]}"#
            )
            #expect(published.status == .ok || published.status == .created)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let called = try await user.post("/api/v1/skills/echo/invoke", #"{"capability": "echo", "input": {"mine": true}}"#)
            #expect(called.status == .ok)
            #expect(try called.value()["version"] == "1.0.0")
            // The publisher itself reaches its own skill by the name.
            let own = try await KeyedClient(client: client, key: squatter.userKey).post("/api/v1/skills/echo/invoke", #"{"capability": "run", "input": {}}"#)
            #expect(try own.value()["message"]?.stringValue?.contains("127.0.0.1:9") == true)
        }
    }

    @Test func aSlowAttemptTimesOutPerTryAndAnotherEndpointAnswers() async throws {
        let server = try await RemoteSkillServer.start(name: "per-try")
        try await TestApplication.make().test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let name = TestStack.uniqueName("per-try")
            // Weighted round robin tries the heavier, slow endpoint first.
            _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: name, endpoints: [(server.url("/slow"), 5), (server.url(), 1)])
            let called = try await user.post("/api/v1/skills/\(name)/invoke", #"{"capability": "run", "input": {}, "per_try_timeout_ms": 300}"#)
            #expect(called.status == .ok)
            #expect(try called.value()["attempts"] == 2)
            #expect(try called.value()["output"]?["server"] == "per-try")

            let invalid = try await user.post("/api/v1/skills/\(name)/invoke", #"{"capability": "run", "input": {}, "per_try_timeout_ms": 0}"#)
            #expect(try invalid.invalidFields() == ["per_try_timeout_ms"])
        }
        await server.stop()
    }

    /// Found by `make faults` (a black-holed endpoint beside a good one): the slow attempt timed out a
    /// fraction of a millisecond before the call's deadline, and the dispatcher retried on the good
    /// endpoint with no time left, so the caller's 504 named the good endpoint and counted a failure
    /// against it. A timeout that had the whole deadline ends the call.
    @Test func aTimeoutThatSpentTheDeadlineEndsTheCallNamingItsEndpoint() async throws {
        let server = try await RemoteSkillServer.start(name: "spent")
        try await TestApplication.make().test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            for round in 0..<3 {
                let name = TestStack.uniqueName("spent-\(round)")
                // Weighted round robin tries the heavier, slow endpoint first.
                _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: name, endpoints: [(server.url("/slow"), 5), (server.url(), 1)])
                let timedOut = try await user.post("/api/v1/skills/\(name)/invoke", #"{"capability": "run", "input": {}, "timeout_ms": 300}"#)
                #expect(timedOut.status == .gatewayTimeout)
                #expect(try timedOut.value()["code"] == 1011)
                #expect(try timedOut.value()["message"]?.stringValue?.contains(server.url("/slow")) == true)
            }
        }
        await server.stop()
    }

    @Test func failingEndpointsAnswerBadGatewayNamingTheEndpoint() async throws {
        let server = try await RemoteSkillServer.start(name: "failing")
        try await TestApplication.make().test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let failing = TestStack.uniqueName("failing")
            _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: failing, endpoints: [(server.url("/fail"), 1)])
            let failed = try await user.post("/api/v1/skills/\(failing)/invoke", #"{"input": {}}"#)
            #expect(failed.status == .badGateway)
            #expect(try failed.value()["code"] == 1014)
            #expect(try failed.value()["message"]?.stringValue?.contains(server.url("/fail")) == true)
            #expect(try failed.value()["message"]?.stringValue?.contains("the model fell over") == true)

            let slow = TestStack.uniqueName("slow")
            _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: slow, endpoints: [(server.url("/slow"), 1)])
            let timedOut = try await user.post("/api/v1/skills/\(slow)/invoke", #"{"input": {}, "timeout_ms": 200}"#)
            #expect(timedOut.status == .gatewayTimeout)

            let drained = TestStack.uniqueName("drained")
            _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: drained, endpoints: [(server.url(), 0)])
            let unroutable = try await user.post("/api/v1/skills/\(drained)/invoke", #"{"input": {}}"#)
            #expect(unroutable.status == .serviceUnavailable)
            #expect(try unroutable.value()["code"] == 1008)
        }
        await server.stop()
    }

    @Test func endpointsOutsideTheAllowedHostsAreRefusedAndNeverCalled() async throws {
        let server = try await RemoteSkillServer.start(name: "internal")
        let open = try await TestApplication.make()
        let restricted = try await TestApplication.make(environment: ["SKILLHUB_ENDPOINT_ALLOWED_HOSTS": "*.skills.internal, localhost"])
        try await open.test(.live) { openClient in
            try await restricted.test(.live) { client in
                let tenant = try await TestTenant.create(with: client)
                let service = KeyedClient(client: client, key: tenant.serviceKey)
                let name = TestStack.uniqueName("allowed")

                let refused = try await service.post(
                    "/api/v1/skills/register",
                    #"{"name": "\#(name)", "version": "1.0.0", "endpoints": [{"url": "http://a.skills.internal:8080"}, {"url": "http://169.254.169.254/latest"}]}"#
                )
                #expect(refused.status == .badRequest)
                #expect(try refused.invalidFields() == ["endpoints[1].url"])
                let registered = try await service.post(
                    "/api/v1/skills/register", #"{"name": "\#(name)", "version": "1.0.0", "endpoints": [{"url": "http://a.skills.internal:8080"}]}"#
                )
                #expect(registered.status == .created)
                let skillID = try #require(try registered.value()["data"]?["skill_id"]?.stringValue)
                let added = try await service.post("/api/v1/skills/\(skillID)/endpoints", #"{"url": "http://127.0.0.1:9/"}"#)
                #expect(added.status == .badRequest)
                #expect(try added.invalidFields() == ["url"])

                // An endpoint written through an instance without the list is still never called by this one.
                let outside = TestStack.uniqueName("outside")
                _ = try await Self.registerRemote(KeyedClient(client: openClient, key: tenant.serviceKey), name: outside, endpoints: [(server.url(), 1)])
                let user = KeyedClient(client: client, key: tenant.userKey)
                let call = try await eventually(within: .seconds(2)) {
                    try await user.post("/api/v1/skills/\(outside)/invoke", #"{"capability": "run", "input": {}}"#).status != .notFound
                }
                #expect(call)
                let blocked = try await user.post("/api/v1/skills/\(outside)/invoke", #"{"capability": "run", "input": {}}"#)
                #expect(blocked.status == .serviceUnavailable)
                #expect(try blocked.value()["message"]?.stringValue?.contains("SKILLHUB_ENDPOINT_ALLOWED_HOSTS") == true)
                #expect(server.callCount == 0)
            }
        }
        await server.stop()
    }

    @Test func consistentHashingKeepsASessionOnOneEndpoint() async throws {
        let servers = [try await RemoteSkillServer.start(name: "s0"), try await RemoteSkillServer.start(name: "s1"), try await RemoteSkillServer.start(name: "s2")]
        try await TestApplication.make().test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let name = TestStack.uniqueName("chat")
            _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: name, endpoints: servers.map { ($0.url(), 1) }, strategy: "consistent_hash")
            var seen: [String: Set<String>] = [:]
            for session in ["alice", "bob", "carol", "dave"] {
                for _ in 0..<5 {
                    let called = try await user.post("/api/v1/skills/\(name)/invoke", #"{"input": {}, "session_id": "\#(session)"}"#)
                    seen[session, default: []].insert(try called.value()["output"]?["server"]?.stringValue ?? "?")
                }
            }
            #expect(seen.values.allSatisfy { $0.count == 1 })
        }
        for server in servers { await server.stop() }
    }

    @Test func killingAnEndpointUnderLoadFailsNoCall() async throws {
        let servers = [try await RemoteSkillServer.start(name: "k0"), try await RemoteSkillServer.start(name: "k1"), try await RemoteSkillServer.start(name: "k2")]
        try await TestApplication.make().test(.live) { client in
            try await Self.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let name = TestStack.uniqueName("load")
            _ = try await Self.registerRemote(user.as_(tenant.serviceKey), name: name, endpoints: servers.map { ($0.url(), 1) })
            let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var statuses: [HTTPResponse.Status] = []
                        for _ in 0..<25 {
                            statuses.append(try await user.post("/api/v1/skills/\(name)/invoke", #"{"input": {}}"#).status)
                        }
                        return statuses
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(100))
                    await servers[1].stop()
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == .ok })
        }
        for server in servers { await server.stop() }
    }
}
