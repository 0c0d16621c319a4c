import Foundation
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

/// Registrations arriving together are written in shared batches; each must
/// still get its own, right answer.
@Suite("Concurrent registrations (batched writes)")
struct ConcurrentRegistrationTests {
    static func body(_ name: String, url: String, skillID: String? = nil) -> String {
        let id = skillID.map { #""skill_id": "\#($0)", "# } ?? ""
        return #"{\#(id)"name": "\#(name)", "version": "1.0.0", "endpoints": [{"url": "\#(url)"}], "capabilities": [{"name": "run", "category": "batch"}]}"#
    }

    @Test func everyRegistrationOfABurstGetsItsOwnAnswer() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let other = try await TestTenant.create(with: client, prefix: "other")
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let prefix = TestStack.uniqueName("burst")
            // A skill of another account, and an id already taken, before the burst.
            let foreign = "\(prefix)-foreign"
            #expect(try await service.as_(other.serviceKey).post("/api/v1/skills/register", Self.body(foreign, url: "http://10.9.0.1:80")).status == .created)
            let taken = try #require(
                try await service.post("/api/v1/skills/register", Self.body("\(prefix)-holder", url: "http://10.9.0.2:80")).value()["data"]?["skill_id"]?.stringValue
            )

            // 80 new skills, 10 of them registered twice at once from two instances (two URLs),
            // one under another account's name, one asking for a taken id.
            var calls: [(label: String, body: String)] = (0..<80).map { ("new-\($0)", Self.body("\(prefix)-\($0)", url: "http://10.9.1.\($0):80")) }
            calls += (0..<10).map { ("twice-\($0)", Self.body("\(prefix)-\($0)", url: "http://10.9.2.\($0):80")) }
            calls.append(("foreign", Self.body(foreign, url: "http://10.9.0.3:80")))
            calls.append(("taken-id", Self.body("\(prefix)-wants-taken", url: "http://10.9.0.4:80", skillID: taken)))
            let answers = try await withThrowingTaskGroup(of: (String, TestResponse).self) { group in
                for call in calls {
                    group.addTask { (call.label, try await service.post("/api/v1/skills/register", call.body)) }
                }
                return try await group.reduce(into: [String: TestResponse]()) { $0[$1.0] = $1.1 }
            }

            // Of the two registrations of one name, one creates the skill and the other joins it.
            var skillIDs: [Int: String] = [:]
            for index in 0..<80 {
                let answer = try #require(answers["new-\(index)"])
                #expect(answer.status == .created || (index < 10 && answer.status == .ok), "skill \(index)")
                let urls = Set((try answer.value()["data"]?["endpoints"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue })
                #expect(urls.contains("http://10.9.1.\(index):80"), "skill \(index)")
                skillIDs[index] = try answer.value()["data"]?["skill_id"]?.stringValue
            }
            for index in 0..<10 {
                let answer = try #require(answers["twice-\(index)"])
                #expect([.created, .ok].contains(answer.status))
                #expect([answer.status, answers["new-\(index)"]?.status].filter { $0 == .created }.count == 1, "skill \(index) created once")
                #expect(try answer.value()["data"]?["skill_id"]?.stringValue == skillIDs[index])
            }
            #expect(answers["foreign"]?.status == .conflict)
            #expect(answers["taken-id"]?.status == .conflict)

            // Each skill holds exactly what was registered for it: the doubly registered ones both URLs.
            for index in 0..<80 {
                let found = try await service.get("/api/v1/skills/discover?name=\(prefix)-\(index)").value()
                let skills = found["data"]?["skills"]?.arrayValue ?? []
                #expect(skills.count == 1, "skill \(index)")
                let urls = Set((skills.first?["endpoints"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue })
                var expected: Set<String> = ["http://10.9.1.\(index):80"]
                if index < 10 { expected.insert("http://10.9.2.\(index):80") }
                #expect(urls == expected, "skill \(index)")
                #expect(skills.first?["capabilities"]?.arrayValue?.count == 1)
            }
        }
    }
}
