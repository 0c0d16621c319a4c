import Foundation
import HummingbirdTesting
import Logging
import ServiceLifecycle
import SkillHubAgent
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("skillhub agent against a running server")
struct AgentTests {
    @Test func manifestsAreReadFromYAMLAndJSON() throws {
        let yaml = try SkillManifest(
            text: """
                name: translator
                version: 1.2.0
                endpoints:
                  - url: http://10.3.0.1:7000
                    weight: 2
                  - url: http://10.3.0.2:7000
                    ephemeral: false
                capabilities:
                  - name: translate
                    parameters: {type: object}
                """,
            source: "skill.yaml"
        )
        #expect(yaml.name == "translator")
        #expect(yaml.body["endpoints"]?[0]?["weight"] == 2)
        #expect(yaml.ephemeralURLs == ["http://10.3.0.1:7000"])
        let json = try SkillManifest(text: #"{"name": "t", "version": "1.0.0"}"#, source: "skill.json")
        #expect(json.version == "1.0.0")
        #expect(throws: ManifestError.self) { try SkillManifest(text: "- just\n- a list", source: "skill.yaml") }
        #expect(throws: ManifestError.self) { try SkillManifest(text: "name: no-version", source: "skill.yaml") }
    }

    @Test func agentRegistersHeartbeatsReregistersAndDeregistersOnShutdown() async throws {
        try await TestApplication.make(heartbeat: HeartbeatTests.fastPolicy).test(.live) { client in
            let port = try #require(client.port)
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let name = TestStack.uniqueName("agent")
            let manifest = try SkillManifest(
                text: """
                    name: \(name)
                    version: 1.0.0
                    endpoints:
                      - url: http://10.4.0.1:7000
                      - url: http://10.4.0.2:7000
                        ephemeral: false
                    """,
                source: "skill.yaml"
            )
            var logger = Logger(label: "agent-test")
            logger.logLevel = .warning
            let agent = SkillAgent(client: RegistryClient(baseURL: "http://127.0.0.1:\(port)", apiKey: tenant.serviceKey), manifest: manifest, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: agent)], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }

                // Registered, and kept healthy well past the 600 ms unhealthy threshold.
                let found = try await eventually(within: .seconds(3)) {
                    try await service.get("/api/v1/skills/discover?name=\(name)").value()["data"]?["total"] == 1
                }
                #expect(found)
                try await Task.sleep(for: .milliseconds(1200))
                let skill = try #require(try await service.get("/api/v1/skills/discover?name=\(name)").value()["data"]?["skills"]?[0])
                let skillID = try #require(skill["skill_id"]?.stringValue)
                #expect(skill["endpoints"]?.arrayValue?.allSatisfy { $0["status"] == "healthy" } == true)

                // The registry forgets the skill: the agent registers it again.
                #expect(try await service.delete("/api/v1/skills/\(skillID)").status == .noContent)
                let back = try await eventually(within: .seconds(3)) {
                    try await service.get("/api/v1/skills/discover?name=\(name)").value()["data"]?["skills"]?[0]?["endpoints"]?.arrayValue?.count == 2
                }
                #expect(back)

                // Shutdown removes the ephemeral endpoint and keeps the persistent one.
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                let after = try await service.get("/api/v1/skills/discover?name=\(name)").value()["data"]?["skills"]?[0]
                #expect(after?["endpoints"]?.arrayValue?.compactMap { $0["url"]?.stringValue } == ["http://10.4.0.2:7000"])
            }
        }
    }

    @Test func aRefusedManifestStopsTheAgentWithTheReason() async throws {
        try await TestApplication.make().test(.live) { client in
            let port = try #require(client.port)
            let tenant = try await TestTenant.create(with: client)
            let manifest = try SkillManifest(text: #"{"name": "bad", "version": "one", "endpoints": [{"url": "http://10.4.0.9:1"}]}"#, source: "skill.json")
            var logger = Logger(label: "agent-test")
            logger.logLevel = .critical
            let agent = SkillAgent(client: RegistryClient(baseURL: "http://127.0.0.1:\(port)", apiKey: tenant.serviceKey), manifest: manifest, logger: logger)
            let failure = await #expect(throws: RegistryClient.Failure.self) { try await agent.run() }
            #expect(failure?.status == 400)
            #expect(failure?.message.contains("version") == true)

            let wrongKey = SkillAgent(client: RegistryClient(baseURL: "http://127.0.0.1:\(port)", apiKey: "shk_not-a-key"), manifest: manifest, logger: logger)
            let unauthorized = await #expect(throws: RegistryClient.Failure.self) { try await wrongKey.run() }
            #expect(unauthorized?.status == 401)
        }
    }
}
