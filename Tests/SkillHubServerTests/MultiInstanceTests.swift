import Foundation
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Several server instances on one PostgreSQL and Redis")
struct MultiInstanceTests {
    @Test func changesThroughOneInstanceReachTheOtherWithinASecond() async throws {
        let first = try await TestApplication.make()
        let second = try await TestApplication.make()
        try await first.test(.live) { clientA in
            try await second.test(.live) { clientB in
                let tenant = try await TestTenant.create(with: clientA)
                let a = KeyedClient(client: clientA, key: tenant.serviceKey)
                let b = KeyedClient(client: clientB, key: tenant.serviceKey)
                // Let B's cache finish its first load so what follows can only reach it through pub/sub.
                try await Task.sleep(for: .milliseconds(200))

                let name = TestStack.uniqueName("multi")
                let registered = try await a.post("/api/v1/skills/register", #"{"name": "\#(name)", "version": "1.0.0", "endpoints": [{"url": "http://10.2.0.1:80"}]}"#)
                let endpointID = try #require(try registered.value()["data"]?["endpoints"]?[0]?["endpoint_id"]?.stringValue)
                let skillID = try #require(try registered.value()["data"]?["skill_id"]?.stringValue)
                let seenByB = try await eventually(within: .seconds(1)) {
                    try await HeartbeatTests.workerStatus(b, endpointID) == "healthy"
                }
                #expect(seenByB)

                #expect(try await a.put("/api/v1/skills/\(skillID)/endpoints/\(endpointID)", #"{"status": "disabled"}"#).status == .ok)
                let disabledOnB = try await eventually(within: .seconds(1)) {
                    try await HeartbeatTests.workerStatus(b, endpointID) == "disabled"
                }
                #expect(disabledOnB)

                #expect(try await b.delete("/api/v1/skills/\(skillID)").status == .noContent)
                let goneOnA = try await eventually(within: .seconds(1)) {
                    try await HeartbeatTests.workerStatus(a, endpointID) == nil
                }
                #expect(goneOnA)
            }
        }
    }

    /// The dispatcher's directory keeps a skill past its 1 s freshness while nothing changes; a change
    /// made through another instance still reaches its calls within a second, through pub/sub.
    @Test func aSkillChangedThroughOneInstanceIsCalledAsChangedThroughTheOther() async throws {
        let (oldServer, newServer) = (try await RemoteSkillServer.start(name: "old"), try await RemoteSkillServer.start(name: "new"))
        let first = try await TestApplication.make()
        let second = try await TestApplication.make()
        try await first.test(.live) { clientA in
            try await second.test(.live) { clientB in
                try await DispatchTests.ready(clientB)
                let tenant = try await TestTenant.create(with: clientA)
                let name = TestStack.uniqueName("moved")
                let skillID = try await DispatchTests.registerRemote(
                    KeyedClient(client: clientA, key: tenant.serviceKey), name: name, endpoints: [(oldServer.url(), 1)]
                )
                let b = KeyedClient(client: clientB, key: tenant.userKey)
                func answeringServer() async throws -> String? {
                    try await b.post("/api/v1/skills/\(name)/invoke", #"{"capability": "run", "input": {}}"#).value()["output"]?["server"]?.stringValue
                }
                #expect(try await eventually(within: .seconds(1)) { try await answeringServer() == "old" })
                try await Task.sleep(for: .milliseconds(1200))  // past the directory's freshness: held, not reloaded
                #expect(try await answeringServer() == "old")

                let moved = try await KeyedClient(client: clientA, key: tenant.serviceKey).put(
                    "/api/v1/skills/\(skillID)", #"{"endpoints": [{"url": "\#(newServer.url())", "protocol": "http"}]}"#
                )
                #expect(moved.status == .ok)
                #expect(try await eventually(within: .seconds(1)) { try await answeringServer() == "new" })
            }
        }
        await oldServer.stop()
        await newServer.stop()
    }

    /// Both instances remember a key they verified; replacing it through one makes the old key
    /// fail there at once and on the other within a second.
    @Test func aReplacedKeyStopsWorkingOnEveryInstance() async throws {
        let first = try await TestApplication.make()
        let second = try await TestApplication.make()
        try await first.test(.live) { clientA in
            try await second.test(.live) { clientB in
                let tenant = try await TestTenant.create(with: clientA)
                let (a, b) = (KeyedClient(client: clientA, key: tenant.userKey), KeyedClient(client: clientB, key: tenant.userKey))
                for client in [a, b] { #expect(try await client.get("/api/v1/skills").status == .ok) }

                let replaced = try await KeyedClient(client: clientA, key: tenant.adminKey).post("/api/v1/admin/accounts/\(tenant.accountID)/users/ann/keys")
                #expect(replaced.status == .created)
                #expect(try await a.get("/api/v1/skills").status == .unauthorized)
                #expect(try await eventually(within: .seconds(1)) { try await b.get("/api/v1/skills").status == .unauthorized })
                let newKey = try #require(try replaced.value()["result"]?["user_key"]?.stringValue)
                #expect(try await b.as_(newKey).get("/api/v1/skills").status == .ok)
            }
        }
    }
}
