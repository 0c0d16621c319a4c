import Logging
import ServiceLifecycle
import SkillHubCore
import SkillHubRegistry
import SkillHubStorage

/// Registers seed 002's `WORKERS` at start-up: one public platform skill (`WORKERS_SKILL` at
/// `WORKERS_SKILL_VERSION`, metadata `static_workers: true`) whose endpoints are the workers —
/// persistent, never heartbeating, each with the active health check of the `HEALTH_CHECK_*`
/// settings. Every instance registers the same skill; registering again merges by URL, so that is
/// idempotent. Retried (100 ms … 5 s) while PostgreSQL is unreachable; a skill of that name and version
/// that is not a static workers' skill (a plugin's) is left alone, with an error in the log.
struct StaticWorkerRegistration: Service {
    let workers: StaticWorkers
    let strategy: RoutingStrategy
    let registry: SkillRegistry
    let logger: Logger

    /// The actor recorded in the audit trail.
    static let actor = Principal(accountID: nil, userID: "static-workers", role: .root)

    /// The registry entry of the workers.
    var draft: SkillDraft {
        return SkillDraft(
            name: workers.skill,
            description: "seed 002's static workers (WORKERS)",
            version: workers.version,
            visibility: .public,
            routingStrategy: strategy,
            timeoutMilliseconds: workers.callTimeoutMilliseconds,
            metadata: ["static_workers": true],
            endpoints: workers.urls.map { url in
                EndpointDraft(
                    url: url, protocol: url.lowercased().hasPrefix("https://") ? .https : .http, weight: 1, ephemeral: false,
                    metadata: ["health_check": workers.healthCheck.jsonValue]
                )
            },
            capabilities: workers.capabilities.map { CapabilityDraft(name: $0, parameters: ["type": "object"]) }
        )
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var delay = Duration.milliseconds(100)
            while !Task.isCancelled {
                do {
                    try await register()
                    return
                } catch let error as SkillHubError where error.code == .invalidParameter || error.code == .forbidden || error.code == .conflict {
                    logger.error("WORKERS: the registry refused the workers' skill", metadata: ["error": "\(error.message)"])
                    return
                } catch {
                    logger.warning("WORKERS: could not register the workers; retrying", metadata: ["error": "\(error)"])
                    guard (try? await Task.sleep(for: delay)) != nil else { return }
                    delay = min(delay * 2, .seconds(5))
                }
            }
        }
        // Registered (or given up): nothing more to do until the server stops.
        try? await gracefulShutdown()
    }

    private func register() async throws {
        let existing = try await registry.skills.skills(SkillQuery(name: workers.skill, limit: 100), access: .everything).items
        if let other = existing.first(where: { $0.version == workers.version && $0.metadata["static_workers"] != true }) {
            throw SkillHubError(
                .conflict,
                "\(other.name) \(other.version) is another skill (\(other.metadata["plugin"] == true ? "a plugin's" : "registered through the API")); set WORKERS_SKILL or WORKERS_SKILL_VERSION to another name or version"
            )
        }
        let (skill, _) = try await registry.register(draft, by: Self.actor)
        logger.info("WORKERS registered", metadata: ["skill": "\(skill.name) \(skill.version)", "endpoints": "\(workers.urls.count)"])
    }
}
