import Logging
import Prometheus
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// The long-lived clients the server is built on, made from the configuration.
public struct SkillHubDependencies: Sendable {
    public var database: Database
    public var redis: RedisConnectionPool
    public var metricsRegistry: PrometheusCollectorRegistry

    public init(database: Database, redis: RedisConnectionPool, metricsRegistry: PrometheusCollectorRegistry = .init()) {
        self.database = database
        self.redis = redis
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
            metricsRegistry: metricsRegistry
        )
    }
}
