import Hummingbird
import Prometheus
import SkillHubRedis
import SkillHubStorage

/// `GET /metrics`: the Prometheus text exposition, pool gauges refreshed at each scrape.
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry
    let database: Database
    let redis: RedisConnectionPool

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.get("/metrics") { _, _ in await self.scrape() }
    }

    func scrape() async -> Response {
        let postgres = database.statistics
        registry.makeGauge(name: "skillhub_postgres_pool_connections", labels: [("state", "leased")]).set(to: Double(postgres.leasedConnections))
        registry.makeGauge(name: "skillhub_postgres_pool_connections", labels: [("state", "max")]).set(to: Double(postgres.maxConnections))
        let redisStatistics = await redis.statistics
        for (state, value) in [
            ("open", redisStatistics.openConnections), ("idle", redisStatistics.idleConnections),
            ("leased", redisStatistics.leasedConnections), ("waiting", redisStatistics.waiting), ("max", redisStatistics.maxConnections),
        ] {
            registry.makeGauge(name: "skillhub_redis_pool_connections", labels: [("state", state)]).set(to: Double(value))
        }
        registry.makeGauge(name: "skillhub_redis_up").set(to: redisStatistics.state == .connected ? 1 : 0)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
        )
    }
}
