import Foundation
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// `GET /api/v1/skills/{id}/status`: the skill's health from its endpoints,
/// its uptime since registration and its call counts.
struct SkillStatusReport: Encodable {
    /// `healthy` (every routable endpoint healthy), `degraded` (some), `unhealthy` (none),
    /// `unknown` (no endpoints), or the skill's own status when it is not active.
    var health: String
    var skillID: UUID
    var name: String
    var version: String
    var status: SkillStatus
    var uptimeSeconds: Double
    var lastHeartbeat: Date?
    var endpoints: EndpointCounts
    var requestCount: Int
    var errorCount: Int
    var checkedAt: Date

    struct EndpointCounts: Encodable {
        var total: Int
        var healthy: Int
        var unhealthy: Int
        var disabled: Int
    }

    init(skill: SkillRecord, counters: SkillStatistics.Counters, now: Date) {
        let counts = EndpointCounts(
            total: skill.endpoints.count,
            healthy: skill.endpoints.count { $0.status == .healthy },
            unhealthy: skill.endpoints.count { $0.status == .unhealthy },
            disabled: skill.endpoints.count { $0.status == .disabled }
        )
        switch (skill.status, counts.total, counts.healthy) {
        case (.active, 0, _): health = "unknown"
        case (.active, _, 0): health = "unhealthy"
        case (.active, let total, let healthy): health = healthy + counts.disabled == total ? "healthy" : "degraded"
        case (let status, _, _): health = status.rawValue
        }
        skillID = skill.skillID
        name = skill.name
        version = skill.version
        status = skill.status
        uptimeSeconds = max(0, now.timeIntervalSince(skill.createdAt))
        lastHeartbeat = skill.lastHeartbeat
        endpoints = counts
        requestCount = counters.requests
        errorCount = counters.errors
        checkedAt = now
    }

    enum CodingKeys: String, CodingKey {
        case health, name, version, status, endpoints
        case skillID = "skill_id"
        case uptimeSeconds = "uptime_seconds"
        case lastHeartbeat = "last_heartbeat"
        case requestCount = "request_count"
        case errorCount = "error_count"
        case checkedAt = "checked_at"
    }
}
