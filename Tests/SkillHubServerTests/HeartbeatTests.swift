import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SkillHubCore
import SkillHubRedis
import SkillHubTestSupport
import Testing

@Suite("Heartbeats and health transitions")
struct HeartbeatTests {
    /// Unhealthy after 600 ms of silence, ephemeral endpoints removed after 1.5 s.
    static let fastPolicy = HeartbeatPolicy(interval: .milliseconds(200), deleteAfter: .milliseconds(1500))

    static func register(_ client: KeyedClient, name: String) async throws -> (skillID: String, ephemeral: String, persistent: String) {
        let body = #"{"name": "\#(name)", "version": "1.0.0", "endpoints": [{"url": "http://10.1.0.1:80"}, {"url": "http://10.1.0.2:80", "ephemeral": false}]}"#
        let data = try #require(try await client.post("/api/v1/skills/register", body).value()["data"])
        let endpoints = data["endpoints"]?.arrayValue ?? []
        func id(_ url: String) throws -> String {
            try #require(endpoints.first { $0["url"]?.stringValue == url }?["endpoint_id"]?.stringValue)
        }
        return (try #require(data["skill_id"]?.stringValue), try id("http://10.1.0.1:80"), try id("http://10.1.0.2:80"))
    }

    /// The status `/api/workers` shows for an endpoint, nil when it is not listed.
    static func workerStatus(_ client: KeyedClient, _ endpointID: String) async throws -> String? {
        let workers = try await client.get("/api/workers").value()["workers"]?.arrayValue ?? []
        return workers.first { $0["worker_id"]?.stringValue == endpointID }?["status"]?.stringValue
    }

    @Test func silenceMakesUnhealthyThenRemovesEphemeralButKeepsPersistent() async throws {
        try await TestApplication.make(heartbeat: Self.fastPolicy).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let (skillID, ephemeral, persistent) = try await Self.register(service, name: TestStack.uniqueName("hb"))

            let beat = try await service.post("/api/v1/skills/\(skillID)/endpoints/\(ephemeral)/heartbeat", #"{"in_flight": 4, "cpu": 37.5}"#)
            #expect(beat.status == .ok)
            #expect(try beat.value()["data"]?["status"] == "healthy")
            let worker = try await service.get("/api/workers").value()["workers"]?.arrayValue?.first { $0["worker_id"]?.stringValue == ephemeral }
            #expect(worker?["in_flight"] == 4)
            #expect(worker?["cpu"] == 37.5)

            #expect(try await eventually(within: .seconds(3)) { try await Self.workerStatus(service, ephemeral) == "unhealthy" })
            #expect(try await Self.workerStatus(service, persistent) == "unhealthy")
            let status = try await service.get("/api/v1/skills/\(skillID)/status").value()
            #expect(status["data"]?["health"] == "unhealthy")

            #expect(try await eventually(within: .seconds(4)) { try await Self.workerStatus(service, ephemeral) == nil })
            let endpoints = try await service.get("/api/v1/skills/\(skillID)/endpoints").value().arrayValue ?? []
            #expect(endpoints.compactMap { $0["endpoint_id"]?.stringValue } == [persistent])
            #expect(endpoints.first?["status"] == "unhealthy")

            // The removed endpoint is unknown now: its service must register again.
            let late = try await service.post("/api/v1/skills/\(skillID)/endpoints/\(ephemeral)/heartbeat")
            #expect(late.status == .notFound)

            // A heartbeat brings the persistent endpoint back.
            let recovered = try await service.post("/api/v1/skills/\(skillID)/endpoints/\(persistent)/heartbeat")
            #expect(try recovered.value()["data"]?["status"] == "healthy")
            #expect(try await Self.workerStatus(service, persistent) == "healthy")

            // Each transition is in the audit trail, with who made it and why.
            let ephemeralEvents = try await Self.events(of: ephemeral)
            #expect(ephemeralEvents == [
                Event(kind: "endpoint.unhealthy", actor: "health-sweeper", reason: "no heartbeat for 0 s", skillID: skillID, url: nil),
                Event(kind: "endpoint.expired", actor: "health-sweeper", reason: nil, skillID: skillID, url: "http://10.1.0.1:80"),
            ])
            let persistentEvents = try await Self.events(of: persistent)
            #expect(persistentEvents == [
                Event(kind: "endpoint.unhealthy", actor: "health-sweeper", reason: "no heartbeat for 0 s", skillID: skillID, url: nil),
                Event(kind: "endpoint.healthy", actor: "\(tenant.accountID)/svc", reason: "heartbeat received", skillID: skillID, url: nil),
            ])
        }
    }

    struct Event: Equatable {
        var kind: String
        var actor: String
        var reason: String?
        var skillID: String?
        var url: String?
    }

    /// The audit events of one endpoint, oldest first.
    static func events(of endpointID: String) async throws -> [Event] {
        try await TestStack.withDatabase(try TestStack.databaseURL(), poolSize: 1) { database in
            try await database.withConnection { connection in
                let rows = try await connection.query(
                    """
                    SELECT kind, actor, details->>'reason', details->>'skill_id', details->>'url' FROM events
                    WHERE subject_type = 'endpoint' AND subject_id = \(endpointID) ORDER BY event_id
                    """,
                    logger: connection.logger
                )
                var events: [Event] = []
                for try await (kind, actor, reason, skillID, url) in rows.decode((String, String, String?, String?, String?).self) {
                    events.append(Event(kind: kind, actor: actor, reason: reason, skillID: skillID, url: url))
                }
                return events
            }
        }
    }

    @Test func skillHeartbeatKeepsEveryEndpointAliveAndReportedDownLeavesRouting() async throws {
        try await TestApplication.make(heartbeat: Self.fastPolicy).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let (skillID, ephemeral, persistent) = try await Self.register(service, name: TestStack.uniqueName("hbs"))
            for _ in 0..<8 {
                let beat = try await service.post("/api/v1/skills/\(skillID)/heartbeat")
                #expect(beat.status == .ok)
                #expect(try beat.value()["data"]?["endpoints"]?.arrayValue?.count == 2)
                try await Task.sleep(for: .milliseconds(150))
            }
            #expect(try await Self.workerStatus(service, ephemeral) == "healthy")
            #expect(try await Self.workerStatus(service, persistent) == "healthy")

            let down = try await service.post("/api/v1/skills/\(skillID)/endpoints/\(persistent)/heartbeat", #"{"status": "unhealthy"}"#)
            #expect(try down.value()["data"]?["status"] == "unhealthy")
            #expect(try await Self.workerStatus(service, persistent) == "unhealthy")
            let bad = try await service.post("/api/v1/skills/\(skillID)/heartbeat", #"{"cpu": 140, "status": "sleepy"}"#)
            #expect(Set(try bad.invalidFields()) == ["cpu", "status"])
        }
    }

    @Test func batchRecordsKnownEndpointsAndRejectsUnknownAndForeignOnes() async throws {
        try await TestApplication.make(heartbeat: Self.fastPolicy).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let other = try await TestTenant.create(with: client, prefix: "oth")
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let (_, ephemeral, persistent) = try await Self.register(service, name: TestStack.uniqueName("hbb"))
            let (_, foreign, _) = try await Self.register(service.as_(other.serviceKey), name: TestStack.uniqueName("hbf"))
            let unknown = UUID().lowercasedString
            let batch = try await service.post(
                "/api/v1/heartbeats",
                #"{"heartbeats": [{"endpoint_id": "\#(ephemeral)", "in_flight": 1}, {"endpoint_id": "\#(persistent)"}, {"endpoint_id": "\#(unknown)"}, {"endpoint_id": "\#(foreign)"}]}"#
            )
            #expect(batch.status == .ok)
            let data = try #require(try batch.value()["data"])
            #expect(data["accepted"] == 2)
            let rejected = data["rejected"]?.arrayValue ?? []
            #expect(rejected.compactMap { $0["endpoint_id"]?.stringValue } == [unknown, foreign])
            #expect(rejected.compactMap { $0["code"]?.intValue } == [1012, 1012])

            let invalid = try await service.post("/api/v1/heartbeats", #"{"heartbeats": [{"endpoint_id": "nope"}, {"endpoint_id": "\#(ephemeral)", "in_flight": -1, "extra": 1}]}"#)
            #expect(invalid.status == .badRequest)
            #expect(try invalid.invalidFields() == ["heartbeats[1].extra"])
            let malformed = try await service.post("/api/v1/heartbeats", #"{"heartbeats": [{"endpoint_id": "nope"}, {"endpoint_id": "\#(ephemeral)", "in_flight": -1}]}"#)
            #expect(try malformed.invalidFields() == ["heartbeats[0].endpoint_id", "heartbeats[1].in_flight"])
        }
    }

    @Test func lastHeartbeatReachesPostgresInBatches() async throws {
        try await TestApplication.make(heartbeat: Self.fastPolicy).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let (skillID, ephemeral, _) = try await Self.register(service, name: TestStack.uniqueName("hbp"))
            _ = try await service.post("/api/v1/skills/\(skillID)/endpoints/\(ephemeral)/heartbeat")
            let flushed = try await eventually(within: .seconds(2)) {
                let skill = try await service.get("/api/v1/skills/\(skillID)").value()
                let endpoint = skill["endpoints"]?.arrayValue?.first { $0["endpoint_id"]?.stringValue == ephemeral }
                return skill["last_heartbeat"]?.stringValue != nil && endpoint?["last_heartbeat"]?.stringValue != nil
            }
            #expect(flushed)
        }
    }

    @Test func aNewSweeperLeaderGivesEveryEndpointAGracePeriod() async throws {
        try await TestApplication.make(heartbeat: Self.fastPolicy).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let (_, ephemeral, _) = try await Self.register(service, name: TestStack.uniqueName("grace"))
            let redis = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 1)
            // Every test application sweeps this Redis: hold the lease as a stranger until any sweep in
            // flight is over, so that no sweeper that was leader before sees the old beat below.
            _ = try await redis.send(RedisCommand("SET", ["skillhub:lock:health-sweeper", "a-stranger", "PX", "5000"]))
            try await Task.sleep(for: Self.fastPolicy.sweepPeriod * 3)
            // As after an outage: the last recorded beat is a minute old, and the lease holder is gone.
            let aMinuteAgo = Int((Date().timeIntervalSince1970 - 60) * 1000)
            let replies = try await redis.pipeline([
                RedisCommand("MULTI"),
                RedisCommand("DEL", ["skillhub:lock:health-sweeper"]),
                RedisCommand("ZADD", ["skillhub:heartbeat:last", RedisArgument(aMinuteAgo), RedisArgument(ephemeral)]),
                RedisCommand("EXEC"),
            ])
            #expect(replies.last?.array?.count == 2)
            // The next leader counts it as alive from now instead of removing it at once.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await Self.workerStatus(service, ephemeral) == "healthy")
            // Without beats it still leaves routing once the grace period is over.
            #expect(try await eventually(within: .seconds(3)) { try await Self.workerStatus(service, ephemeral) != "healthy" })
            await redis.shutdown()
        }
    }
}
