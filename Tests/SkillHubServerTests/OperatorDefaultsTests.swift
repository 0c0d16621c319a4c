import Foundation
import HummingbirdTesting
import SkillHubAgent
import SkillHubCore
import SkillHubTestSupport
import Testing

@testable import SkillHubServer

/// `LOAD_BALANCE_STRATEGY`, `HEALTH_RESPONSE_STYLE` and the agent's `AI_BRIDGE_REGISTRY_URL`.
@Suite("Operator defaults: strategy, /health style, the agent's registry URL")
struct OperatorDefaultsTests {
    @Test func loadBalanceStrategyIsTheStrategyOfSkillsThatNameNone() async throws {
        try await TestApplication.make(environment: ["LOAD_BALANCE_STRATEGY": "least-connections"]).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let unnamed = TestStack.uniqueName("lb")
            let registered = try await service.post("/api/v1/skills/register", #"{"name": "\#(unnamed)", "version": "1.0.0", "endpoints": [{"url": "http://10.0.7.1:9000"}]}"#)
            #expect(registered.status == .created)
            let id = try #require(try registered.value()["data"]?["skill_id"]?.stringValue)
            #expect(try await service.get("/api/v1/skills/\(id)").value()["routing_strategy"] == "least_request")
            let created = try await service.post("/api/v1/skills/", #"{"name": "\#(TestStack.uniqueName("lb"))", "version": "1.0.0"}"#)
            #expect(try created.value()["routing_strategy"] == "least_request")
            // A skill that names its strategy keeps it.
            let named = try await service.post("/api/v1/skills/", #"{"name": "\#(TestStack.uniqueName("lb"))", "version": "1.0.0", "routing_strategy": "consistent_hash"}"#)
            #expect(try named.value()["routing_strategy"] == "consistent_hash")
        }
        // Unset: nginx's smooth weighted round robin, as before.
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let created = try await KeyedClient(client: client, key: tenant.serviceKey).post("/api/v1/skills/", #"{"name": "\#(TestStack.uniqueName("lb"))", "version": "1.0.0"}"#)
            #expect(try created.value()["routing_strategy"] == "weighted_round_robin")
        }
    }

    @Test func healthAnswersInSeed000sShapeWhenAsked() async throws {
        try await TestApplication.make(environment: ["HEALTH_RESPONSE_STYLE": "ok"]).test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body == ["status": "ok"])
            }
            // A monitor of the other kind asks for it; /ready keeps its shape.
            let healthy = try await client.execute(uri: "/health?style=healthy", method: .get).json()
            #expect(healthy["status"] == "healthy")
            #expect(healthy["uptime"]?.isNumber == true)
            #expect(try await eventually(within: .seconds(2)) { try await client.execute(uri: "/ready", method: .get).status == .ok })
            #expect(try await client.execute(uri: "/ready", method: .get).json()["status"] == "ready")
        }
        try await TestApplication.make().test(.live) { client in
            #expect(try await client.execute(uri: "/health?style=ok", method: .get).json() == ["status": "ok"])
            #expect(try await client.execute(uri: "/health", method: .get).json()["status"] == "healthy")
            let refused = try await client.execute(uri: "/health?style=green", method: .get)
            #expect(refused.status == .badRequest)
            #expect(try refused.invalidFields() == ["style"])
        }
    }

    @Test func theAgentTakesTheRegistryFromAIBridgeRegistryURLAsSeed004WritesIt() async throws {
        #expect(try RegistryLocation.resolve(option: nil, environment: ["AI_BRIDGE_REGISTRY_URL": "http://localhost:8080/api/v1/skills/register"]) == "http://localhost:8080")
        #expect(try RegistryLocation.resolve(option: nil, environment: ["AI_BRIDGE_REGISTRY_URL": "https://hub.example.com/skillhub/"]) == "https://hub.example.com/skillhub")
        #expect(try RegistryLocation.resolve(option: "http://a:1", environment: ["AI_BRIDGE_REGISTRY_URL": "http://b:2"]) == "http://a:1")
        #expect(throws: RegistryLocation.Problem.self) { try RegistryLocation.resolve(option: nil, environment: [:]) }
        let bad = #expect(throws: RegistryLocation.Problem.self) { try RegistryLocation.resolve(option: nil, environment: ["AI_BRIDGE_REGISTRY_URL": "localhost:8080"]) }
        #expect(bad?.description.hasPrefix("AI_BRIDGE_REGISTRY_URL: 'localhost:8080' is not valid") == true)

        // Seed 004's value, the register route, reaches a running registry.
        try await TestApplication.make().test(.live) { client in
            let port = try #require(client.port)
            let tenant = try await TestTenant.create(with: client)
            let base = try RegistryLocation.resolve(option: nil, environment: ["AI_BRIDGE_REGISTRY_URL": "http://127.0.0.1:\(port)/api/v1/skills/register"])
            let name = TestStack.uniqueName("agent-url")
            let reply = try await RegistryClient(baseURL: base, apiKey: tenant.serviceKey).send(
                .POST, "/api/v1/skills/register", body: ["name": .string(name), "version": "1.0.0", "endpoints": [["url": "http://10.4.1.1:7000"]]]
            )
            #expect(reply["data"]?["status"] == "registered")
        }
    }
}
