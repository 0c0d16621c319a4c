import Foundation

/// Routing defaults and seed 002's static worker list: `LOAD_BALANCE_STRATEGY`, `WORKERS` and the
/// active health checks that keep workers that never heartbeat in routing.
public struct RoutingSettings: Sendable, Equatable {
    /// The strategy of a skill registered without `routing_strategy` (`LOAD_BALANCE_STRATEGY`).
    public var defaultStrategy: RoutingStrategy
    /// Seed 002's workers, registered at start-up; nil when `WORKERS` is not set.
    public var workers: StaticWorkers?

    /// Settings with nginx's smooth weighted round robin as the default strategy and no static workers.
    public init(defaultStrategy: RoutingStrategy = .weightedRoundRobin, workers: StaticWorkers? = nil) {
        self.defaultStrategy = defaultStrategy
        self.workers = workers
    }
}

/// The endpoints of `WORKERS`: one platform skill (``skill`` at ``version``, public) whose endpoints
/// are the listed URLs, persistent, never heartbeating, kept in or out of routing by ``healthCheck``.
public struct StaticWorkers: Sendable, Equatable {
    /// The worker URLs, `http://` or `https://`, in the order given.
    public var urls: [String]
    /// The skill the workers serve (`WORKERS_SKILL`, `chat`: seed 002's `POST /api/chat` reaches them).
    public var skill: String
    /// Its version (`WORKERS_SKILL_VERSION`).
    public var version: String
    /// Its capabilities (`WORKERS_CAPABILITIES`, `complete`: what `/api/chat` calls).
    public var capabilities: [String]
    /// The deadline of a call to a worker, ms (`WORKER_TIMEOUT_MS`, 30 000: seed 002 raises it when calls time out).
    public var callTimeoutMilliseconds: Int
    /// The active check of every worker (`HEALTH_CHECK_*`).
    public var healthCheck: ActiveHealthCheck

    /// The workers at `urls`, with the defaults of the settings they are read from.
    public init(
        urls: [String], skill: String = "chat", version: String = "2.0.0", capabilities: [String] = ["complete"],
        callTimeoutMilliseconds: Int = 30_000, healthCheck: ActiveHealthCheck = ActiveHealthCheck()
    ) {
        self.callTimeoutMilliseconds = callTimeoutMilliseconds
        self.urls = urls
        self.skill = skill
        self.version = version
        self.capabilities = capabilities
        self.healthCheck = healthCheck
    }
}
