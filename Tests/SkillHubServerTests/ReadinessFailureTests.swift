import Foundation
import HTTPTypes
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Readiness when a dependency goes away")
struct ReadinessFailureTests {
    @Test func readyNamesRedisWhileItIsDownAndRecovers() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let app = try await TestApplication.make(redis: server.configuration)
        try await app.test(.live) { client in
            #expect(try await eventually(within: .seconds(2)) { try await client.execute(uri: "/ready", method: .get).status == .ok })

            await server.stop()
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try response.json()
                #expect(body["status"] == "not_ready")
                #expect(body["checks"] == ["postgres": "ok", "redis": "failed", "registry": "ok", "plugins": "ok"])
                guard case .object(let errors) = body["errors"], case .string(let redisError) = errors["redis"] else {
                    Issue.record("no redis error in \(body)")
                    return
                }
                #expect(redisError.contains("127.0.0.1:\(server.port)"))
            }
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                var services = try response.json()["services"]?.objectValue ?? [:]
                for component in ["embeddings", "llm", "session_manager", "knowledge_indexes"] { services[component] = nil }  // skills' parts: reported, never part of readiness
                #expect(services == ["postgres": "healthy", "redis": "unhealthy", "registry": "healthy", "plugins": "healthy", "http": "healthy"])
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }

            // A route that needs Redis answers 503 (1008), not 500; one that does not still works.
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            let created = try await root.post("/api/v1/skills/", #"{"name": "\#(TestStack.uniqueName("noredis"))", "version": "1.0.0"}"#)
            #expect(created.status == .created)
            let skillID = try #require(try created.value()["skill_id"]?.stringValue)
            let skillStatus = try await root.get("/api/v1/skills/\(skillID)/status")
            #expect(skillStatus.status == .serviceUnavailable)
            #expect(try skillStatus.value()["code"] == 1008)

            try await server.start()
            let deadline = ContinuousClock.now + .seconds(10)
            var status = HTTPResponse.Status.serviceUnavailable
            while ContinuousClock.now < deadline, status != .ok {
                status = try await client.execute(uri: "/ready", method: .get).status
                if status != .ok { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == .ok)
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
        await server.stop()
    }

    @Test func readyNamesPostgresWhenItCannotBeReached() async throws {
        var unreachable = try TestStack.databaseURL()
        unreachable.port = 1
        let address = "\(unreachable.host):\(unreachable.port)"
        let app = try await TestApplication.make(databaseURL: unreachable)
        try await app.test(.live) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try response.json()
                #expect(body["checks"] == ["postgres": "failed", "redis": "ok", "registry": "failed", "plugins": "ok"])
                guard case .object(let errors) = body["errors"], case .string(let postgresError) = errors["postgres"] else {
                    Issue.record("no postgres error in \(body)")
                    return
                }
                #expect(postgresError.contains("PostgreSQL at \(address)"))
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    /// Issue 18: the plugins check quoted `SkillHubError(code: …, message: …)`, the Swift debug form.
    @Test func readyQuotesAFailedPluginsMessageNotADebugString() async throws {
        let directory = try TestStack.pluginsDirectory()
        let app = try await TestApplication.make(environment: ["SKILLHUB_PLUGINS_DIR": directory, "SKILLHUB_PLUGINS": "no-such-plugin"])
        try await app.test(.live) { client in
            var pluginsError: String?
            _ = try await eventually(within: .seconds(10)) {
                let body = try await client.execute(uri: "/ready", method: .get).json()
                pluginsError = body["errors"]?["plugins"]?.stringValue
                return pluginsError.map { !$0.contains("still starting") } ?? false
            }
            // (The build's test plugins that refuse to load are named after it, as unreadable.)
            #expect(pluginsError?.hasPrefix("no-such-plugin: no library in \(directory) declares a plugin named 'no-such-plugin'") == true, "\(pluginsError ?? "")")
            #expect(pluginsError?.contains("SkillHubError") == false)
        }
    }

    @Test func startingWithRedisDownServesAndCatchesUpWhenItComes() async throws {
        let server = try ThrowawayRedisServer()
        let app = try await TestApplication.make(redis: server.configuration)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await server.start()
            let ready = try await eventually(within: .seconds(10)) {
                try await client.execute(uri: "/ready", method: .get).status == .ok
            }
            #expect(ready)
            // The registry cache subscribed once Redis came: a new skill shows in /api/workers.
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            let registered = try await root.post("/api/v1/skills/register", #"{"name": "\#(TestStack.uniqueName("late"))", "version": "1.0.0", "endpoints": [{"url": "http://10.5.0.1:80"}]}"#)
            let endpointID = try #require(try registered.value()["data"]?["endpoints"]?[0]?["endpoint_id"]?.stringValue)
            #expect(try await HeartbeatTests.workerStatus(root, endpointID) == "healthy")
        }
        await server.stop()
    }
}
