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
}
