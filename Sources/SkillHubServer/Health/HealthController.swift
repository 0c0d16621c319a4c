import Foundation
import Hummingbird
import SkillHubCore

/// Liveness, readiness and the seed-003 health summary.
struct HealthController: Sendable {
    let version: String
    let startedAt: ContinuousClock.Instant
    let checks: [ReadinessCheck]
    let checkTimeout: Duration
    /// The body of `/health` unless the request asks with `?style=healthy|ok` (`HEALTH_RESPONSE_STYLE`).
    var style: HealthResponseStyle = .healthy
    /// Components of single skills (the embedding model, later the chat model), reported by
    /// `/api/health` but never failing readiness: one skill's model being down must not take an
    /// instance out of a load balancer for every other skill.
    var components: [String: @Sendable () async -> String] = [:]

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.get("/health") { request, _ in try self.health(request) }
        router.get("/ready") { _, _ in try await self.ready() }
        router.get("/api/health") { _, _ in try await self.serviceHealth() }
    }

    var uptime: Double { (ContinuousClock.now - startedAt).inSeconds }

    /// Liveness: no I/O, always 200 while the process serves. `{status: "healthy", version, timestamp, uptime}`,
    /// or seed 000's `{"status": "ok"}` in the `ok` style (the setting, or `?style=ok`).
    func health(_ request: Request) throws -> Response {
        var query = QueryParameters(request)
        let chosen: HealthResponseStyle = query.choice("style") ?? style
        try query.validate()
        if chosen == .ok { return try JSONResponses.response(["status": "ok"]) }
        struct Body: Encodable {
            var status = "healthy"
            var version: String
            var timestamp: Date
            var uptime: Double
        }
        return try JSONResponses.response(Body(version: version, timestamp: Date(), uptime: uptime))
    }

    /// Readiness: 200 when every dependency answers, else 503 naming the failures.
    func ready() async throws -> Response {
        struct Body: Encodable {
            var status: String
            var checks: [String: String]
            var errors: [String: String]?
            var timestamp: Date
        }
        let report = await checks.evaluate(timeout: checkTimeout)
        let body = Body(
            status: report.isReady ? "ready" : "not_ready",
            checks: report.results.mapValues { $0 == nil ? "ok" : "failed" },
            errors: report.isReady ? nil : report.failures,
            timestamp: Date()
        )
        return try JSONResponses.response(body, status: report.isReady ? .ok : .serviceUnavailable)
    }

    /// The seed-003 shape: `{status, timestamp, services}`; 503 when a service is down.
    func serviceHealth() async throws -> Response {
        struct Body: Encodable {
            var status: String
            var timestamp: Date
            var uptime: Double
            var version: String
            var services: [String: String]
        }
        let report = await checks.evaluate(timeout: checkTimeout)
        var services = report.results.mapValues { $0 == nil ? "healthy" : "unhealthy" }
        services["http"] = "healthy"
        for (name, state) in components { services[name] = await state() }
        let body = Body(
            status: report.isReady ? "healthy" : "unhealthy",
            timestamp: Date(),
            uptime: uptime,
            version: version,
            services: services
        )
        return try JSONResponses.response(body, status: report.isReady ? .ok : .serviceUnavailable)
    }
}
