import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("The docs/api.md walk-through, with a bearer token")
struct WalkThroughTests {
    @Test func rootKeyAccountUserKeyTokenRegisterDiscoverHeartbeat() async throws {
        try await TestApplication.make().test(.live) { client in
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            let account = TestStack.uniqueName("acme")
            let admin = try await root.post("/api/v1/admin/accounts", #"{"account_id": "\#(account)", "admin_user_id": "alice"}"#)
            let adminKey = try #require(try admin.json()["result"]?["user_key"]?.stringValue)
            let user = try await root.as_(adminKey).post("/api/v1/admin/accounts/\(account)/users", #"{"user_id": "weather-svc", "role": "service"}"#)
            let serviceKey = try #require(try user.json()["result"]?["user_key"]?.stringValue)
            let issued = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [KeyedClient.apiKeyHeader: serviceKey])
            let token = try #require(try issued.json()["access_token"]?.stringValue)
            #expect(try issued.json()["token_type"] == "bearer")

            func bearer(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil) async throws -> TestResponse {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                if json != nil { headers[.contentType] = "application/json" }
                return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            }

            // Seed 004 §5.2, with the token.
            let name = TestStack.uniqueName("weather-skill")
            let created = try await bearer(.post, "/api/v1/skills/", #"{"name": "\#(name)", "description": "Weather forecast skill", "version": "1.0.0", "endpoints": [{"url": "http://localhost:8001", "protocol": "http", "weight": 1}]}"#)
            #expect(created.status == .created)
            let skillID = try #require(try created.value()["skill_id"]?.stringValue)
            #expect(try await bearer(.get, "/api/v1/skills/").status == .ok)
            #expect(try await bearer(.get, "/api/v1/skills/\(skillID)").status == .ok)

            let discovered = try await bearer(.get, "/api/v1/skills/discover?name=\(name)").value()
            #expect(discovered["data"]?["total"] == 1)
            let endpointID = try #require(discovered["data"]?["skills"]?[0]?["endpoints"]?[0]?["endpoint_id"]?.stringValue)
            let beat = try await bearer(.post, "/api/v1/skills/\(skillID)/endpoints/\(endpointID)/heartbeat", #"{"in_flight": 2}"#)
            #expect(try beat.value()["data"]?["status"] == "healthy")
            let batch = try await bearer(.post, "/api/v1/heartbeats", #"{"heartbeats": [{"endpoint_id": "\#(endpointID)", "cpu": 12.5}]}"#)
            #expect(try batch.value()["data"]?["accepted"] == 1)

            // Revoked, the token stops working at once.
            #expect(try await bearer(.post, "/api/v1/auth/revoke").status == .noContent)
            #expect(try await bearer(.get, "/api/v1/skills/\(skillID)").status == .unauthorized)
        }
    }
}
