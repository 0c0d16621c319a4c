import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubTestSupport
import Testing

@testable import SkillHubServer

/// Seed 002's `WORKERS` and the `health_check` of any endpoint: active checks against fake workers on loopback.
@Suite("Active health checks and static workers", .serialized)
struct ActiveHealthCheckTests {
    /// A fake worker: `/health` answers 200 or 503 as told, counting the probes.
    final class FakeWorker: Sendable {
        let healthy = NIOLockedValueBox(true)
        let probes = NIOLockedValueBox(0)
        let server: LoopbackServer

        init() async {
            let router = Router()
            let healthy = self.healthy
            let probes = self.probes
            router.get("/health") { _, _ -> Response in
                probes.withLockedValue { $0 += 1 }
                return Response(status: healthy.withLockedValue { $0 } ? .ok : .serviceUnavailable)
            }
            server = await LoopbackServer.start(router, label: "fake-worker")
        }

        var url: String { "http://127.0.0.1:\(server.port)" }
    }

    static func status(of url: String, in skill: JSONValue?) -> String? {
        skill?["endpoints"]?.arrayValue?.first { $0["url"]?.stringValue == url }?["status"]?.stringValue
    }

    @Test func staticWorkersAreRegisteredAndFollowTheirActiveChecks() async throws {
        let good = await FakeWorker()
        let flaky = await FakeWorker()
        defer { good.server.task.cancel(); flaky.server.task.cancel() }
        let name = TestStack.uniqueName("workers")
        let environment = [
            "WORKERS": "\(good.url),\(flaky.url)", "WORKERS_SKILL": name, "LOAD_BALANCE_STRATEGY": "least-connections",
            "HEALTH_CHECK_INTERVAL_MS": "100", "HEALTH_CHECK_TIMEOUT_MS": "80", "HEALTH_CHECK_HEALTHY_THRESHOLD": "2",
            "HEALTH_CHECK_UNHEALTHY_THRESHOLD": "2",
        ]
        try await TestApplication.make(environment: environment, heartbeat: HeartbeatTests.fastPolicy).test(.live) { client in
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            func skill() async throws -> JSONValue? {
                try await root.get("/api/v1/skills/discover?name=\(name)").value()["data"]?["skills"]?[0]
            }
            #expect(try await eventually(within: .seconds(3)) { try await skill()?["endpoints"]?.arrayValue?.count == 2 })
            let registered = try #require(try await skill())
            #expect(registered["routing_strategy"] == "least_request")
            #expect(registered["version"] == "2.0.0")
            let endpoint = try #require(registered["endpoints"]?.arrayValue?.first)
            #expect(endpoint["ephemeral"] == false)
            #expect(endpoint["metadata"]?["health_check"]?["interval_ms"] == 100)

            // Probed, and kept healthy well past three heartbeat intervals (600 ms) without a heartbeat.
            try await Task.sleep(for: .milliseconds(1200))
            #expect(good.probes.withLockedValue { $0 } >= 5)
            #expect(Self.status(of: good.url, in: try await skill()) == "healthy")
            #expect(Self.status(of: flaky.url, in: try await skill()) == "healthy")

            // Two failures in a row take the flaky worker out of routing; two passes bring it back.
            flaky.healthy.withLockedValue { $0 = false }
            #expect(try await eventually(within: .seconds(2)) { Self.status(of: flaky.url, in: try await skill()) == "unhealthy" })
            #expect(Self.status(of: good.url, in: try await skill()) == "healthy")
            flaky.healthy.withLockedValue { $0 = true }
            #expect(try await eventually(within: .seconds(2)) { Self.status(of: flaky.url, in: try await skill()) == "healthy" })

            // A worker that stops answering at all (its server gone) goes too.
            good.server.task.cancel()
            #expect(try await eventually(within: .seconds(3)) { Self.status(of: good.url, in: try await skill()) == "unhealthy" })
        }
    }

    @Test func anyEndpointMayOptInThroughItsRegistration() async throws {
        let worker = await FakeWorker()
        defer { worker.server.task.cancel() }
        try await TestApplication.make(heartbeat: HeartbeatTests.fastPolicy).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let name = TestStack.uniqueName("checked")
            let body = #"{"name": "\#(name)", "version": "1.0.0", "endpoints": [{"url": "\#(worker.url)/skill", "ephemeral": false, "health_check": {"path": "/health", "interval_ms": 100, "timeout_ms": 80, "unhealthy_threshold": 1, "healthy_threshold": 1}}]}"#
            let registered = try await service.post("/api/v1/skills/register", body)
            #expect(registered.status == .created)
            let id = try #require(try registered.value()["data"]?["skill_id"]?.stringValue)
            let check = try await service.get("/api/v1/skills/\(id)").value()["endpoints"]?[0]?["metadata"]?["health_check"]
            #expect(check == ["path": "/health", "interval_ms": 100, "timeout_ms": 80, "healthy_threshold": 1, "unhealthy_threshold": 1])
            func status() async throws -> String? {
                try await service.get("/api/v1/skills/\(id)").value()["endpoints"]?[0]?["status"]?.stringValue
            }
            try await Task.sleep(for: .milliseconds(1000))
            #expect(try await status() == "healthy")
            #expect(worker.probes.withLockedValue { $0 } >= 3)
            worker.healthy.withLockedValue { $0 = false }
            #expect(try await eventually(within: .seconds(2)) { try await status() == "unhealthy" })
            worker.healthy.withLockedValue { $0 = true }
            #expect(try await eventually(within: .seconds(2)) { try await status() == "healthy" })

            // Checked field by field.
            let bad = try await service.post(
                "/api/v1/skills/register",
                #"{"name": "\#(name)-bad", "version": "1.0.0", "endpoints": [{"url": "http://10.9.0.1:1", "health_check": {"path": "health", "interval_ms": 1000, "timeout_ms": 5000, "unhealthy_threshold": 0}}]}"#
            )
            #expect(bad.status == .badRequest)
            #expect(try bad.invalidFields() == ["endpoints[0].health_check.path", "endpoints[0].health_check.timeout_ms", "endpoints[0].health_check.unhealthy_threshold"])
        }
    }

    @Test func aSkillOfTheSameNameAndVersionThatIsNotTheWorkersIsLeftAlone() async throws {
        let name = TestStack.uniqueName("taken")
        try await TestApplication.make().test(.live) { client in
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            let created = try await root.post("/api/v1/skills/", #"{"name": "\#(name)", "version": "2.0.0", "visibility": "public"}"#)
            #expect(created.status == .created)
        }
        try await TestApplication.make(environment: ["WORKERS": "http://127.0.0.1:1", "WORKERS_SKILL": name]).test(.live) { client in
            let root = KeyedClient(client: client, key: TestApplication.rootKey)
            try await Task.sleep(for: .milliseconds(500))
            let skill = try await root.get("/api/v1/skills/discover?name=\(name)").value()["data"]?["skills"]?[0]
            #expect(skill?["endpoints"]?.arrayValue?.isEmpty == true)
            #expect(skill?["metadata"]?["static_workers"] == nil)
        }
    }

    @Test func withTwoInstancesAnEndpointIsProbedOncePerInterval() async throws {
        let worker = await FakeWorker()
        defer { worker.server.task.cancel() }
        try await TestApplication.make(heartbeat: HeartbeatTests.fastPolicy).test(.live) { first in
            try await TestApplication.make(heartbeat: HeartbeatTests.fastPolicy).test(.live) { second in
                let tenant = try await TestTenant.create(with: first)
                let service = KeyedClient(client: first, key: tenant.serviceKey)
                let body = #"{"name": "\#(TestStack.uniqueName("twice"))", "version": "1.0.0", "endpoints": [{"url": "\#(worker.url)", "ephemeral": false, "health_check": {"interval_ms": 200, "timeout_ms": 100}}]}"#
                let registered = try await service.post("/api/v1/skills/register", body)
                #expect(registered.status == .created)
                let id = try #require(try registered.value()["data"]?["skill_id"]?.stringValue)
                #expect(try await eventually(within: .seconds(3)) { worker.probes.withLockedValue { $0 } > 0 })
                let start = worker.probes.withLockedValue { $0 }
                try await Task.sleep(for: .seconds(2))
                let probes = worker.probes.withLockedValue { $0 } - start
                // Ten intervals: one prober makes about ten probes, one per instance would make twenty.
                #expect((6...14).contains(probes), "\(probes) probes in 2 s")
                // Both instances see it healthy.
                let other = KeyedClient(client: second, key: tenant.serviceKey)
                #expect(try await other.get("/api/v1/skills/\(id)").value()["endpoints"]?[0]?["status"] == "healthy")
            }
        }
    }

    @Test func probeURLsUseTheEndpointsOrigin() {
        #expect(ActiveHealthProbe.probeURL(endpoint: "http://h:1/skill/x", path: "/health") == "http://h:1/health")
        #expect(ActiveHealthProbe.probeURL(endpoint: "https://[::1]:8443", path: "/healthz") == "https://[::1]:8443/healthz")
        #expect(ActiveHealthProbe.probeURL(endpoint: "nope", path: "/health") == nil)
    }
}
