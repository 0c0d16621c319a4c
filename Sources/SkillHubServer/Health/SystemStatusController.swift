import Foundation
import Hummingbird
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// `GET /api/v1/system/status`: version, uptime, pool usage and Redis state.
struct SystemStatusController: Sendable {
    let configuration: SkillHubConfiguration
    let startedAt: ContinuousClock.Instant
    let startedAtDate: Date
    let database: Database
    let redis: RedisConnectionPool

    let authentication: AuthenticationMiddleware

    /// Administrators only: pool usage and errors are operational detail.
    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/api/v1/system").add(middleware: authentication).get("/status") { _, context in
            try context.require(.admin)
            return try await self.status()
        }
    }

    struct Body: Encodable {
        var name: String
        var version: String
        var protocolVersion: String
        var environment: String
        var startedAt: Date
        var uptime: Double
        var timestamp: Date
        var postgres: DatabasePoolStatistics
        var redis: RedisPoolStatistics

        enum CodingKeys: String, CodingKey {
            case name, version, environment, uptime, timestamp, postgres, redis
            case protocolVersion = "protocol_version"
            case startedAt = "started_at"
        }
    }

    func status() async throws -> Response {
        try JSONResponses.response(
            Body(
                name: configuration.app.name,
                version: configuration.app.version,
                protocolVersion: configuration.aiBridge.protocolVersion,
                environment: configuration.app.environment.rawValue,
                startedAt: startedAtDate,
                uptime: (ContinuousClock.now - startedAt).inSeconds,
                timestamp: Date(),
                postgres: database.statistics,
                redis: await redis.statistics
            )
        )
    }
}
