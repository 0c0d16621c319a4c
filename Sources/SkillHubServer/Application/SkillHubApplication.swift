import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import SkillHubCore
import SkillHubKnowledge
import SkillHubRegistry
import SkillHubStorage

/// Builds the SkillHub HTTP application: routes, middleware and the services
/// it runs (PostgreSQL and Redis pools), shut down in reverse order after the
/// server has drained its in-flight requests.
public enum SkillHubApplication {
    public static func make(
        configuration: SkillHubConfiguration,
        dependencies: SkillHubDependencies,
        tls: ServerTLSContext? = nil,
        logger: Logger
    ) async throws -> some ApplicationProtocol {
        make(router: try await makeRouter(configuration: configuration, dependencies: dependencies), configuration: configuration, dependencies: dependencies, tls: tls, logger: logger)
    }

    /// The application around an already-built router (tests add routes to it); over TLS when `tls`
    /// is given (`USE_SSL`, read at start-up with ``ServerTLSContext/init(settings:)``).
    public static func make(
        router: Router<SkillHubRequestContext>,
        configuration: SkillHubConfiguration,
        dependencies: SkillHubDependencies,
        tls: ServerTLSContext? = nil,
        logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            // HTTP/1.1 with the WebSocket upgrades the routes registered (seed 003's /ws/{client_id}); HTTPS (and HTTP/2) with `tls`.
            server: server(tls: tls, webSockets: dependencies.webSockets, configuration: WebSocketServerConfiguration(maxFrameSize: configuration.app.maxBodyBytes)),
            configuration: .init(
                address: .hostname(configuration.app.host, port: configuration.app.port),
                serverName: "SkillHub/\(configuration.app.version)"
            ),
            services: dependencies.services + activeCheckServices(configuration: configuration, dependencies: dependencies, logger: logger)
                + tlsServices(tls: tls, logger: logger),
            logger: logger
        )
    }

    public static func makeRouter(
        configuration: SkillHubConfiguration,
        dependencies: SkillHubDependencies
    ) async throws -> Router<SkillHubRequestContext> {
        let startedAt = ContinuousClock.now
        let router = Router(context: SkillHubRequestContext.self)
        router.middlewares.add(RequestIDMiddleware())
        // A server span per request, only when tracing is on: outside the error envelope, so it sees the status sent.
        if let tracer = dependencies.tracer { router.middlewares.add(TracingMiddleware(tracer: tracer)) }
        router.middlewares.add(RequestObservationMiddleware(metrics: HTTPMetrics(registry: dependencies.metricsRegistry)))
        // CORS preflights are answered here, before any authentication.
        if let cors = configuration.cors { router.middlewares.add(CrossOriginMiddleware(settings: cors)) }
        router.middlewares.add(ErrorEnvelopeMiddleware())
        router.middlewares.add(HeaderLimitMiddleware(maxHeaderBytes: configuration.requestLimits.maxHeaderBytes))
        router.middlewares.add(BodyLimitMiddleware(maxBodyBytes: configuration.app.maxBodyBytes, maxUploadBytes: configuration.app.maxUploadBytes))
        router.middlewares.add(JSONDepthMiddleware(maxDepth: configuration.requestLimits.maxJSONDepth))

        let database = dependencies.database
        let redis = dependencies.redis
        HealthController(
            version: configuration.app.version,
            startedAt: startedAt,
            checks: [
                ReadinessCheck(name: "postgres") { try await database.ping() },
                ReadinessCheck(name: "redis") { try await redis.ping() },
                ReadinessCheck(name: "registry") { [cache = dependencies.registry.cache] in
                    guard cache.isLoaded else { throw SkillHubError(.serviceUnavailable, "the registry cache has not loaded yet") }
                },
                ReadinessCheck(name: "plugins") { [plugins = dependencies.plugins] in
                    guard plugins.isSettled else { throw SkillHubError(.serviceUnavailable, "the plugins are still starting") }
                    let failed = plugins.reports.filter { $0.state == .failed }
                    guard failed.isEmpty else {
                        throw SkillHubError(.serviceUnavailable, failed.map { "\($0.name): \($0.error ?? "failed")" }.joined(separator: "; "))
                    }
                },
            ],
            checkTimeout: .seconds(3),
            style: configuration.healthResponseStyle,
            components: [
                "embeddings": { [embeddings = dependencies.embeddings] in embeddings.healthState },
                "knowledge_indexes": { [progress = dependencies.knowledgeWarmup.progress] in progress.healthState },
                "llm": { [probe = dependencies.chatModelProbe] in await probe.state() },
                "session_manager": { [database] in (try? await database.ping()) == nil ? "unhealthy: PostgreSQL is unreachable" : "healthy" },
            ]
        ).addRoutes(to: router)
        MetricsController(registry: dependencies.metricsRegistry, database: database, redis: redis).addRoutes(to: router)

        let tenancy = TenancyRepository(database: database)
        let apiKeys = APIKeyAuthenticator(rootAPIKey: configuration.security.rootAPIKey, tenancy: tenancy, cache: dependencies.apiKeyCache)
        let tokens = try await TokenService(security: configuration.security, revocations: dependencies.revokedTokens)
        let rateLimiter = RateLimiter(settings: configuration.rateLimits, store: RedisTokenBucketStore(redis: redis), logger: Logger(label: "skillhub.ratelimit"))
        if rateLimiter.settings.authFailureRule != nil { router.middlewares.add(AuthenticationFailureMiddleware(limiter: rateLimiter)) }
        let authentication = AuthenticationMiddleware(apiKeys: apiKeys, tokens: tokens, rateLimiter: rateLimiter.isActive ? rateLimiter : nil)
        AuthController(apiKeys: apiKeys, tokens: tokens, authentication: authentication).addRoutes(to: router)
        AdminController(tenancy: tenancy, keyCache: dependencies.apiKeyCache, authentication: authentication).addRoutes(to: router)
        let registry = dependencies.registry
        let defaultStrategy = configuration.routing.defaultStrategy
        SkillsController(registry: registry, authentication: authentication, defaultStrategy: defaultStrategy).addRoutes(to: router)
        SkillProtocolController(
            registry: registry, statistics: SkillStatistics(redis: redis), authentication: authentication, defaultStrategy: defaultStrategy
        ).addRoutes(to: router)
        EndpointsController(registry: registry, authentication: authentication).addRoutes(to: router)
        HeartbeatsController(registry: registry, authentication: authentication).addRoutes(to: router)
        CapabilitiesController(registry: registry, authentication: authentication).addRoutes(to: router)
        WorkersController(registry: registry, authentication: authentication).addRoutes(to: router)
        InvokeController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        RerankCompatibilityController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        EmbeddingsCompatibilityController(embeddings: dependencies.embeddings, authentication: authentication).addRoutes(to: router)
        KnowledgeController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        ChatCompletionsController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        SeedChatController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        ChatSessionsController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        ChatSocketController(
            chat: SessionChat(dispatcher: dependencies.dispatcher), authentication: authentication, maxMessageBytes: configuration.app.maxBodyBytes
        ).addRoutes(to: router, webSockets: dependencies.webSockets)
        MemoryController(dispatcher: dependencies.dispatcher, authentication: authentication).addRoutes(to: router)
        CommandsController(
            dispatcher: dependencies.dispatcher, executions: dependencies.executions, runner: dependencies.executionRunner, authentication: authentication
        ).addRoutes(to: router)
        PluginsController(plugins: dependencies.plugins, registry: dependencies.registry, authentication: authentication).addRoutes(to: router)
        SystemStatusController(
            configuration: configuration,
            startedAt: startedAt,
            startedAtDate: Date(),
            database: database,
            redis: redis,
            authentication: authentication
        ).addRoutes(to: router)
        // Last: it sees only requests no route above took (a served path with another method is a 405).
        router.middlewares.add(MethodNotAllowedMiddleware(table: RouteMethodTable(router.routes)))
        return router
    }
}
