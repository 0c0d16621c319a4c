import Logging
import Prometheus
import ServiceLifecycle
import SkillHubCore
import SkillHubRedis
import SkillHubRegistry
import SkillHubStorage

/// The long-lived clients and services the server is built on, made from the configuration.
public struct SkillHubDependencies: Sendable {
    public var database: Database
    public var redis: RedisConnectionPool
    /// The pub/sub connection that keeps the registry cache current.
    public var subscriber: RedisSubscriber
    public var registry: SkillRegistry
    public var metricsRegistry: PrometheusCollectorRegistry

    public init(
        database: Database,
        redis: RedisConnectionPool,
        heartbeat: HeartbeatPolicy,
        subscriberBackoff: ReconnectBackoff = ReconnectBackoff(),
        metricsRegistry: PrometheusCollectorRegistry = .init(),
        logger: Logger = Logger(label: "skillhub")
    ) {
        let subscriber = RedisSubscriber(configuration: redis.configuration, backoff: subscriberBackoff, logger: logger)
        self.database = database
        self.redis = redis
        self.subscriber = subscriber
        self.registry = SkillRegistry(database: database, redis: redis, subscriber: subscriber, policy: heartbeat, logger: logger)
        self.metricsRegistry = metricsRegistry
    }

    /// Clients for the configured PostgreSQL and Redis.
    public init(configuration: SkillHubConfiguration, logger: Logger, metricsRegistry: PrometheusCollectorRegistry = .init()) {
        let redisURL = configuration.redis.url
        self.init(
            database: Database(url: configuration.database.url, poolSize: configuration.database.poolSize, logger: logger),
            redis: RedisConnectionPool(
                configuration: RedisConnectionConfiguration(
                    host: redisURL.host,
                    port: redisURL.port,
                    username: redisURL.username,
                    password: redisURL.password,
                    database: redisURL.database
                ),
                maxConnections: configuration.redis.maxConnections,
                logger: logger
            ),
            heartbeat: configuration.aiBridge.heartbeat,
            metricsRegistry: metricsRegistry,
            logger: logger
        )
    }

    /// The services to run, in start order (graceful shutdown runs in reverse:
    /// the registry's loops stop before the clients they use).
    var services: [any Service] {
        [database, redis, subscriber, registry.cache, registry.heartbeats, registry.sweeper]
    }
}
