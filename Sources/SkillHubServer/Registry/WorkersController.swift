import Foundation
import Hummingbird
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// `GET /api/workers` (seed 002 shape): every endpoint the caller may see,
/// with its skill, status, last heartbeat and reported load. Served from the
/// registry cache and Redis, so it reflects every instance's view within a second.
struct WorkersController: Sendable {
    let registry: SkillRegistry
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/api/workers").add(middleware: authentication).get("/") { _, context in
            try await self.list(context)
        }
    }

    struct Worker: Encodable {
        var workerID: UUID
        var skillID: UUID
        var skill: String
        var version: String
        var url: String
        var `protocol`: EndpointProtocol
        var status: EndpointStatus
        var healthy: Bool
        var weight: Int
        var ephemeral: Bool
        var lastHeartbeat: Date?
        var inFlight: Int?
        var cpu: Double?

        enum CodingKeys: String, CodingKey {
            case workerID = "worker_id"
            case skillID = "skill_id"
            case skill, version, url, `protocol`, status, healthy, weight, ephemeral, cpu
            case lastHeartbeat = "last_heartbeat"
            case inFlight = "in_flight"
        }
    }

    struct Workers: Encodable {
        var workers: [Worker]
        var total: Int
        var healthy: Int
    }

    func list(_ context: SkillHubRequestContext) async throws -> Response {
        try context.require(.skillsRead)
        let access = try context.requirePrincipal().skillAccess
        let routes = registry.cache.allRoutes
            .filter { access.canRead(owner: $0.accountID, visibility: $0.visibility) }
            .sorted { ($0.skillName, $0.skillVersion, $0.url) < ($1.skillName, $1.skillVersion, $1.url) }
        let loads = try await registry.store.loads(of: routes.map(\.endpointID))
        let workers = routes.map { route in
            let load = loads[route.endpointID]
            return Worker(
                workerID: route.endpointID, skillID: route.skillID, skill: route.skillName, version: route.skillVersion,
                url: route.url, protocol: route.protocol, status: route.status, healthy: route.status == .healthy,
                weight: route.weight, ephemeral: route.ephemeral,
                lastHeartbeat: load.map { Date(timeIntervalSince1970: Double($0.at) / 1000) } ?? route.lastHeartbeat,
                inFlight: load?.inFlight, cpu: load?.cpu
            )
        }
        return try JSONResponses.response(Workers(workers: workers, total: workers.count, healthy: workers.count { $0.healthy }))
    }
}
