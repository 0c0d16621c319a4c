import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import SkillHubCore
import SkillHubStorage
import SkillHubTestSupport
import Testing

@Suite("Skill registry routes (seed 004 reference and Ooder v0.6 spec)")
struct RegistryRoutesTests {
    static func weatherSkill(_ name: String, version: String = "1.0.0", extra: String = "") -> String {
        #"{"name": "\#(name)", "description": "Weather forecast skill", "version": "\#(version)", "endpoints": [{"url": "http://localhost:8001", "protocol": "http", "weight": 1}]\#(extra)}"#
    }

    @Test func seedReferenceWalkThroughCreatesListsShowsUpdatesAndDeletes() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let name = TestStack.uniqueName("weather")

            let created = try await service.post("/api/v1/skills/", Self.weatherSkill(name))
            #expect(created.status == .created)
            let skill = try created.value()
            let skillID = try #require(skill["skill_id"]?.stringValue)
            #expect(skill["id"]?.stringValue == skillID)
            #expect(skillID == skillID.lowercased())
            #expect(skill["status"] == "active")
            #expect(skill["account_id"]?.stringValue == tenant.accountID)
            #expect(skill["endpoints"]?[0]?["url"] == "http://localhost:8001")
            #expect(skill["endpoints"]?[0]?["status"] == "healthy")

            let list = try await service.get("/api/v1/skills/")
            #expect(list.status == .ok)
            #expect(try list.value().arrayValue?.contains { $0["skill_id"]?.stringValue == skillID } == true)
            let limited = try await service.get("/api/v1/skills/?skip=0&limit=1")
            #expect(try limited.value().arrayValue?.count == 1)

            let shown = try await service.get("/api/v1/skills/\(skillID)")
            #expect(shown.status == .ok)
            #expect(try shown.value()["name"]?.stringValue == name)

            let updated = try await service.put(
                "/api/v1/skills/\(skillID)",
                #"{"description": "Now with rain", "endpoints": [{"url": "http://localhost:8002", "weight": 5}], "capabilities": [{"name": "forecast", "category": "weather", "parameters": {"type": "object"}}]}"#
            )
            #expect(updated.status == .ok)
            let after = try updated.value()
            #expect(after["description"] == "Now with rain")
            #expect(after["endpoints"]?.arrayValue?.count == 1)
            #expect(after["endpoints"]?[0]?["url"] == "http://localhost:8002")
            #expect(after["endpoints"]?[0]?["weight"] == 5)
            #expect(after["capabilities"]?[0]?["name"] == "forecast")

            #expect(try await service.delete("/api/v1/skills/\(skillID)").status == .noContent)
            let gone = try await service.get("/api/v1/skills/\(skillID)")
            #expect(gone.status == .notFound)
            #expect(try gone.value()["code"] == 1004)
        }
    }

    @Test func everyRouteRequiresAuthentication() async throws {
        try await TestApplication.make().test(.live) { client in
            for (method, uri) in [(HTTPRequest.Method.get, "/api/v1/skills/"), (.post, "/api/v1/skills/register"), (.get, "/api/v1/skills/discover"), (.post, "/api/v1/heartbeats"), (.get, "/api/workers"), (.get, "/api/v1/capabilities")] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .unauthorized, "\(method) \(uri)")
            }
        }
    }

    @Test func invalidBodiesNameEachField() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let bad = try await service.post(
                "/api/v1/skills/",
                #"{"name": "bad name!", "version": "1.0", "timeout_ms": 0, "endpoints": [{"url": "https://x.example", "protocol": "http", "weight": 70000}, {"url": "ftp://x"}, {"url": "plugin://ocr"}, {"url": "unix://relative"}], "capabilities": [{"name": "a", "parameters": 3}, {"name": "a"}]}"#
            )
            #expect(bad.status == .badRequest)
            #expect(try bad.value()["code"] == 1001)
            let fields = Set(try bad.invalidFields())
            #expect(fields == [
                "name", "version", "timeout_ms", "endpoints[0].url", "endpoints[0].weight", "endpoints[1].protocol",
                "endpoints[1].url", "endpoints[3].url", "capabilities[0].parameters", "capabilities[1].name",
            ])

            let unknown = try await service.post("/api/v1/skills/", #"{"name": "x", "version": "1.0.0", "colour": "red", "endpoints": [{"url": "http://a:1", "wieght": 2}]}"#)
            #expect(unknown.status == .badRequest)
            #expect(try unknown.invalidFields() == ["colour", "endpoints[0].wieght"])

            let missing = try await service.post("/api/v1/skills/", #"{"description": "no name"}"#)
            #expect(missing.status == .badRequest)
            #expect(try missing.invalidFields() == ["name"])

            let wrongType = try await service.post("/api/v1/skills/", #"{"name": "x", "version": "1.0.0", "endpoints": [{"url": 5}]}"#)
            #expect(try wrongType.invalidFields() == ["endpoints[0].url"])

            let notJSON = try await service.post("/api/v1/skills/", "{")
            #expect(notJSON.status == .badRequest)

            let paging = try await service.get("/api/v1/skills/?limit=0&skip=-1")
            #expect(Set(try paging.invalidFields()) == ["limit", "skip"])
            let discover = try await service.get("/api/v1/skills/discover?status=sleeping&page_size=500")
            #expect(Set(try discover.invalidFields()) == ["status", "page_size"])
            #expect(try await service.get("/api/v1/skills/not-a-uuid").status == .notFound)
        }
    }

    @Test func duplicateNameAndVersionConflicts() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let name = TestStack.uniqueName("dup")
            #expect(try await service.post("/api/v1/skills/", Self.weatherSkill(name)).status == .created)
            let again = try await service.post("/api/v1/skills/", Self.weatherSkill(name))
            #expect(again.status == .conflict)
            #expect(try again.value()["code"] == 1006)
            let newer = try await service.post("/api/v1/skills/", Self.weatherSkill(name, version: "1.0.1"))
            #expect(newer.status == .created)
            let newerID = try #require(try newer.value()["skill_id"]?.stringValue)
            let renamed = try await service.put("/api/v1/skills/\(newerID)", #"{"version": "1.0.0"}"#)
            #expect(renamed.status == .conflict)
            #expect(try renamed.value()["code"] == 1006)
        }
    }

    @Test func registerCreatesThenUpdatesMergingEndpointsAndUnregisterRemoves() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let name = TestStack.uniqueName("reg")
            let requestedID = UUID().lowercasedString
            let first = try await service.post(
                "/api/v1/skills/register",
                #"{"skill_id": "\#(requestedID)", "name": "\#(name)", "version": "2.0.0", "endpoints": [{"url": "http://10.0.0.1:9000", "protocol": "http", "weight": 2}], "capabilities": [{"capability_id": "\#(UUID().uuidString)", "name": "translate", "category": "nlp", "version": "1.0.0", "parameters": {"text": {"type": "string", "required": true}}}]}"#
            )
            #expect(first.status == .created)
            let data = try #require(try first.value()["data"])
            #expect(try first.value()["code"] == 200)
            #expect(data["status"] == "registered")
            #expect(data["skill_id"]?.stringValue == requestedID)
            #expect(data["registered_at"]?.stringValue != nil)

            // A second instance of the service registers its own endpoint: both stay.
            let second = try await service.post(
                "/api/v1/skills/register",
                #"{"name": "\#(name)", "version": "2.0.0", "timeout_ms": 1500, "endpoints": [{"url": "http://10.0.0.2:9000"}], "capabilities": [{"name": "translate", "category": "nlp"}]}"#
            )
            #expect(second.status == .ok)
            #expect(try second.value()["data"]?["skill_id"]?.stringValue == requestedID)
            let skill = try await service.get("/api/v1/skills/\(requestedID)").value()
            #expect(Set(skill["endpoints"]?.arrayValue?.compactMap { $0["url"]?.stringValue } ?? []) == ["http://10.0.0.1:9000", "http://10.0.0.2:9000"])
            #expect(skill["capabilities"]?.arrayValue?.count == 1)
            #expect(skill["timeout_ms"] == 1500)

            let unregistered = try await service.post("/api/v1/skills/\(requestedID)/unregister")
            #expect(unregistered.status == .ok)
            #expect(try unregistered.value()["data"]?["status"] == "unregistered")
            #expect(try await service.get("/api/v1/skills/\(requestedID)").status == .notFound)
            #expect(try await service.post("/api/v1/skills/\(requestedID)/unregister").status == .notFound)
        }
    }

    @Test func discoverAndCapabilitiesFilterAndPage() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let capability = TestStack.uniqueName("cap")
            let category = TestStack.uniqueName("cat")
            var names: [String] = []
            for index in 0..<3 {
                let name = TestStack.uniqueName("disc\(index)")
                names.append(name)
                let body = #"{"name": "\#(name)", "version": "1.0.0", "capabilities": [{"name": "\#(capability)", "category": "\#(category)"}]}"#
                #expect(try await service.post("/api/v1/skills/register", body).status == .created)
            }
            let all = try await service.get("/api/v1/skills/discover?capability=\(capability)&page_size=2").value()
            #expect(all["data"]?["total"] == 3)
            #expect(all["data"]?["skills"]?.arrayValue?.count == 2)
            #expect(all["data"]?["page_size"] == 2)
            let secondPage = try await service.get("/api/v1/skills/discover?capability=\(capability)&page_size=2&page=2").value()
            #expect(secondPage["data"]?["skills"]?.arrayValue?.count == 1)
            let byCategory = try await service.get("/api/v1/skills/discover?category=\(category)&name=\(names[1])").value()
            #expect(byCategory["data"]?["total"] == 1)
            #expect(byCategory["data"]?["skills"]?[0]?["name"]?.stringValue == names[1])
            let inactive = try await service.get("/api/v1/skills/discover?capability=\(capability)&status=inactive").value()
            #expect(inactive["data"]?["total"] == 0)

            let capabilities = try await service.get("/api/v1/capabilities?name=\(capability)").value()
            #expect(capabilities["data"]?["total"] == 3)
            #expect(capabilities["data"]?["capabilities"]?[0]?["category"]?.stringValue == category)
            #expect(capabilities["data"]?["capabilities"]?[0]?["skill_name"]?.stringValue != nil)
        }
    }

    @Test func statusReportsHealthAndCanBeChanged() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let skillID = try #require(try await service.post("/api/v1/skills/", Self.weatherSkill(TestStack.uniqueName("st"))).value()["skill_id"]?.stringValue)
            let status = try await service.get("/api/v1/skills/\(skillID)/status").value()
            #expect(status["data"]?["health"] == "healthy")
            #expect(status["data"]?["endpoints"]?["total"] == 1)
            #expect(status["data"]?["request_count"] == 0)
            let changed = try await service.put("/api/v1/skills/\(skillID)/status", #"{"status": "maintenance"}"#)
            #expect(changed.status == .ok)
            #expect(try changed.value()["data"]?["status"] == "maintenance")
            #expect(try changed.value()["data"]?["health"] == "maintenance")
            #expect(try await service.put("/api/v1/skills/\(skillID)/status", #"{"status": "asleep"}"#).invalidFields() == ["status"])
        }
    }

    @Test func endpointsAreAddedReweightedDisabledAndRemoved() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let skillID = try #require(try await service.post("/api/v1/skills/", Self.weatherSkill(TestStack.uniqueName("ep"))).value()["skill_id"]?.stringValue)
            let base = "/api/v1/skills/\(skillID)/endpoints"
            let added = try await service.post(base, #"{"url": "wss://stream.example/ws", "weight": 10, "ephemeral": false}"#)
            #expect(added.status == .created)
            let endpoint = try added.value()
            #expect(endpoint["protocol"] == "wss")
            #expect(endpoint["ephemeral"] == false)
            let endpointID = try #require(endpoint["endpoint_id"]?.stringValue)
            #expect(try await service.post(base, #"{"url": "wss://stream.example/ws"}"#).status == .conflict)
            #expect(try await service.post(base, #"{"url": "http://x:1", "protocol": "ws"}"#).invalidFields() == ["url"])

            let drained = try await service.put("\(base)/\(endpointID)", #"{"weight": 0}"#)
            #expect(try drained.value()["weight"] == 0)
            let disabled = try await service.put("\(base)/\(endpointID)", #"{"status": "disabled"}"#)
            #expect(try disabled.value()["status"] == "disabled")
            #expect(try await service.put("\(base)/\(endpointID)", #"{"weight": 65536}"#).invalidFields() == ["weight"])
            #expect(try await service.get(base).value().arrayValue?.count == 2)

            #expect(try await service.delete("\(base)/\(endpointID)").status == .noContent)
            #expect(try await service.delete("\(base)/\(endpointID)").status == .notFound)
            #expect(try await service.get(base).value().arrayValue?.count == 1)
        }
    }

    @Test func accountsSeeOnlyTheirOwnAndPublicSkills() async throws {
        try await TestApplication.make().test(.live) { client in
            let owner = try await TestTenant.create(with: client, prefix: "own")
            let other = try await TestTenant.create(with: client, prefix: "oth")
            let ownerClient = KeyedClient(client: client, key: owner.serviceKey)
            let otherClient = KeyedClient(client: client, key: other.userKey)
            let privateID = try #require(try await ownerClient.post("/api/v1/skills/", Self.weatherSkill(TestStack.uniqueName("priv"))).value()["skill_id"]?.stringValue)
            let publicName = TestStack.uniqueName("pub")
            let publicID = try #require(
                try await ownerClient.post("/api/v1/skills/", Self.weatherSkill(publicName, extra: #", "visibility": "public""#)).value()["skill_id"]?.stringValue
            )

            #expect(try await otherClient.get("/api/v1/skills/\(privateID)").status == .notFound)
            #expect(try await otherClient.put("/api/v1/skills/\(privateID)", #"{"description": "mine now"}"#).status == .notFound)
            #expect(try await otherClient.delete("/api/v1/skills/\(privateID)").status == .notFound)
            #expect(try await otherClient.get("/api/v1/skills/\(publicID)").status == .ok)
            let forbidden = try await otherClient.put("/api/v1/skills/\(publicID)", #"{"description": "mine now"}"#)
            #expect(forbidden.status == .forbidden)
            #expect(try forbidden.value()["code"] == 1003)
            #expect(try await otherClient.post("/api/v1/skills/\(publicID)/endpoints", #"{"url": "http://evil:1"}"#).status == .forbidden)

            let listed = try await otherClient.get("/api/v1/skills/?limit=1000").value().arrayValue ?? []
            let listedIDs = Set(listed.compactMap { $0["skill_id"]?.stringValue })
            #expect(listedIDs.contains(publicID) && !listedIDs.contains(privateID))
            #expect(listed.allSatisfy { $0["account_id"]?.stringValue == other.accountID || $0["visibility"] == "public" })
            // Someone else's name and version cannot be taken over through /register.
            #expect(try await otherClient.post("/api/v1/skills/register", Self.weatherSkill(publicName)).status == .forbidden)

            // Root sees everything.
            #expect(try await KeyedClient(client: client, key: TestApplication.rootKey).get("/api/v1/skills/\(privateID)").status == .ok)
        }
    }

    @Test func changesAreRecordedInTheAuditTrail() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let skillID = try #require(try await service.post("/api/v1/skills/", Self.weatherSkill(TestStack.uniqueName("audit"))).value()["skill_id"]?.stringValue)
            _ = try await service.put("/api/v1/skills/\(skillID)", #"{"description": "changed"}"#)
            _ = try await service.delete("/api/v1/skills/\(skillID)")
            let kinds = try await TestStack.withDatabase(try TestStack.databaseURL(), poolSize: 1) { database in
                try await database.withConnection { connection in
                    var kinds: [String] = []
                    let rows = try await connection.query(
                        "SELECT kind, actor FROM events WHERE subject_type = 'skill' AND subject_id = \(skillID) ORDER BY event_id",
                        logger: connection.logger
                    )
                    for try await (kind, actor) in rows.decode((String, String).self) {
                        #expect(actor == "\(tenant.accountID)/svc")
                        kinds.append(kind)
                    }
                    return kinds
                }
            }
            #expect(kinds == ["skill.created", "skill.updated", "skill.deleted"])
        }
    }

    @Test func usersCannotHeartbeatAndServicesCannotAdministrate() async throws {
        try await TestApplication.make().test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let denied = try await user.post("/api/v1/heartbeats", #"{"heartbeats": []}"#)
            #expect(denied.status == .forbidden)
            #expect(try denied.value()["code"] == 1003)
            #expect(try await user.post("/api/v1/skills/", Self.weatherSkill(TestStack.uniqueName("usr"))).status == .created)
        }
    }
}
