import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import SkillHubChatModels
import SkillHubCore
import SkillHubEmbeddings
import SkillHubKnowledge
import SkillHubPluginHost
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
    /// The revoked tokens, kept current through pub/sub.
    let revokedTokens: RevokedTokenList
    let apiKeyCache: APIKeyCache
    /// The plugins this instance hosts.
    public var plugins: PluginManager
    /// The client that calls remote skill endpoints.
    var outboundHTTP: OutboundHTTPClient
    /// One API for every skill.
    let dispatcher: Dispatcher
    /// Dispatched calls per skill, sent to Redis in batches.
    let tally: CallTally
    let executions: ExecutionRepository
    /// Runs asynchronous command executions.
    let executionRunner: ExecutionRunner
    /// Runs the skill calls plugins deferred.
    let deferredInvocationRunner: DeferredInvocationRunner
    /// What the plugins may ask of the host.
    let pluginServices: SkillHubPluginServices
    /// The WebSocket endpoints, registered with the routes (seed 003's `/ws/{client_id}`).
    let webSockets = WebSocketRoutes()
    /// The chat models of `MODEL_*` (the local model by default), with their fallbacks.
    let chatRouter: ChatRouter
    /// The default chat model's state, for `/api/health`.
    let chatModelProbe: ChatModelProbe
    /// The embedding provider of `EMBEDDING_TYPE`, shared by the document store, the plugins and `/v1/embeddings`.
    let embeddings: BatchingEmbeddingProvider<AnyEmbeddingProvider>
    /// The document store behind the plugins' `store` service.
    let knowledge: KnowledgeStore
    /// Keeps the vector indexes of every instance current.
    let knowledgeFeed: KnowledgeChangeFeed
    /// Loads every collection's indexes after start-up.
    let knowledgeWarmup: KnowledgeIndexWarmup
    /// Embeds stored chunks in the background.
    let embeddingWorker: EmbeddingWorker
    public var metricsRegistry: PrometheusCollectorRegistry
    /// Starts spans; nil when tracing is off (no `OTEL_EXPORTER_OTLP_ENDPOINT`), and then nothing traces.
    let tracer: SpanTracer?
    /// Sends the spans to the OTLP collector; nil when tracing is off.
    let traceExporter: OTLPExporter?

    public init(
        database: Database,
        redis: RedisConnectionPool,
        heartbeat: HeartbeatPolicy,
        endpointHosts: HostAllowList = .any,
        plugins: SkillHubConfiguration.Plugins? = nil,
        embeddings embeddingSettings: EmbeddingSettings = EmbeddingSettings(),
        chatModels: ChatModelSettings = .local,
        chatSessionTTL: Duration = .seconds(86_400),
        chatGenerations: ChatGenerationLimits = ChatGenerationLimits(),
        callbackSecret: String? = nil,
        deferredInvocations: DeferredInvocationSettings = DeferredInvocationSettings(),
        subscriberBackoff: ReconnectBackoff = ReconnectBackoff(),
        metricsRegistry: PrometheusCollectorRegistry = .init(),
        tracing: TracingSettings? = nil,
        version: String = SkillHubConfiguration.defaultVersion,
        logger: Logger = Logger(label: "skillhub")
    ) {
        let subscriber = RedisSubscriber(configuration: redis.configuration, backoff: subscriberBackoff, logger: logger)
        self.database = database
        self.redis = redis
        self.subscriber = subscriber
        let registry = SkillRegistry(database: database, redis: redis, subscriber: subscriber, policy: heartbeat, endpointHosts: endpointHosts, logger: logger)
        self.registry = registry
        self.revokedTokens = RevokedTokenList(redis: redis, subscriber: subscriber, logger: logger)
        self.apiKeyCache = APIKeyCache(redis: redis, subscriber: subscriber, logger: logger)
        self.plugins = PluginManager(
            directory: plugins?.directory ?? "",
            names: plugins?.names ?? [],
            configurations: { descriptor in plugins?.configuration(for: descriptor.name, defaults: descriptor.defaultConfig) ?? [:] },
            isolation: PluginIsolation(plugins: Set(plugins?.isolated ?? []), executable: plugins?.hostExecutable),
            logger: logger
        )
        let outboundHTTP = OutboundHTTPClient()
        self.outboundHTTP = outboundHTTP
        let traceExporter = tracing.map {
            OTLPExporter(settings: $0, version: version, client: outboundHTTP, metrics: metricsRegistry, logger: Logger(label: "skillhub.tracing"))
        }
        self.traceExporter = traceExporter
        let tracer = traceExporter.map { SpanTracer(sampler: $0.settings.sampler, sink: $0) }
        self.tracer = tracer
        let tally = CallTally(statistics: SkillStatistics(redis: redis), logger: logger)
        self.tally = tally
        let dispatcher = Dispatcher(
            directory: SkillDirectory(registry: registry),
            validator: InputValidator(),
            tally: tally,
            caller: EndpointCaller(plugins: self.plugins, http: outboundHTTP, endpointHosts: endpointHosts),
            routing: RoutingState(),
            metrics: DispatchMetrics(registry: metricsRegistry),
            tracer: tracer
        )
        self.dispatcher = dispatcher
        self.executions = ExecutionRepository(database: database, logger: logger)
        self.executionRunner = ExecutionRunner(
            dispatcher: dispatcher, executions: executions, http: outboundHTTP, signature: callbackSecret.map(CallbackSignature.init(secret:)), logger: logger
        )
        let deferredInvocationRepository = DeferredInvocationRepository(database: database, logger: logger)
        let deferredInvocationRunner = DeferredInvocationRunner(
            repository: deferredInvocationRepository, dispatcher: dispatcher, settings: deferredInvocations,
            isReady: { [plugins = self.plugins] in plugins.isSettled }, logger: logger
        )
        self.deferredInvocationRunner = deferredInvocationRunner
        let chatRouter = ChatRouter(settings: chatModels, transport: OutboundChatTransport(outbound: outboundHTTP))
        self.chatRouter = chatRouter
        self.chatModelProbe = ChatModelProbe(model: chatModels.defaultModel, outbound: outboundHTTP)
        let embeddings = EmbeddingProviderFactory.make(embeddingSettings, transport: OutboundEmbeddingTransport(outbound: outboundHTTP))
        self.embeddings = embeddings
        let jobs = EmbeddingJobRepository(database: database, logger: logger)
        let indexes = VectorIndexCache(jobs: jobs, logger: logger)
        let termIndexes = TermIndexCache(search: ChunkSearchRepository(database: database, logger: logger), logger: logger)
        let knowledgeWarmup = KnowledgeIndexWarmup(
            collections: CollectionRepository(database: database, logger: logger), terms: termIndexes, vectors: indexes, model: embeddings.model,
            logger: logger
        )
        self.knowledgeWarmup = knowledgeWarmup
        let knowledgeFeed = KnowledgeChangeFeed(
            redis: redis, subscriber: subscriber, followers: [indexes, termIndexes], instanceID: UUID(),
            afterDropping: { knowledgeWarmup.warmAgain() }, logger: logger
        )
        self.knowledgeFeed = knowledgeFeed
        let embeddingWorker = EmbeddingWorker(
            jobs: jobs, collections: CollectionRepository(database: database, logger: logger), provider: embeddings, feed: knowledgeFeed,
            batchSize: embeddingSettings.maxBatchSize, logger: logger
        )
        self.embeddingWorker = embeddingWorker
        let knowledge = KnowledgeStore(
            database: database, provider: embeddings, terms: termIndexes, vectors: indexes, feed: knowledgeFeed, worker: embeddingWorker, logger: logger
        )
        self.knowledge = knowledge
        self.pluginServices = SkillHubPluginServices(
            gateway: PluginHTTPGateway(client: outboundHTTP, limits: plugins?.http ?? .init()),
            store: PluginKeyValueStore(redis: redis),
            dispatcher: dispatcher,
            knowledge: PluginKnowledgeGateway(store: knowledge, embeddings: embeddings, logger: logger),
            models: PluginModelGateway(router: chatRouter, limiter: GenerationLimiter(chatGenerations), logger: logger),
            conversations: PluginSessionsGateway(
                conversations: ConversationRepository(database: database, logger: logger), redis: redis, ttl: chatSessionTTL, logger: logger
            ),
            deferrals: DeferredInvocationScheduler(
                repository: deferredInvocationRepository, dispatcher: dispatcher, runner: deferredInvocationRunner, logger: logger
            )
        )
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
            endpointHosts: configuration.aiBridge.endpointHosts,
            plugins: configuration.plugins,
            embeddings: configuration.embeddings,
            chatModels: configuration.chatModels,
            chatSessionTTL: .seconds(configuration.chatSessionTTLSeconds),
            chatGenerations: configuration.chatGenerations,
            callbackSecret: configuration.security.callbackSecret,
            metricsRegistry: metricsRegistry,
            tracing: configuration.tracing,
            version: configuration.app.version,
            logger: logger
        )
    }

    /// The services to run, in start order (graceful shutdown runs in reverse:
    /// the registry's loops stop before the clients they use, the deferred
    /// invocations and the execution runner drain before the plugins they call
    /// shut down, and the plugins before the HTTP client they use; the trace exporter sends its
    /// last spans after everything that makes them has stopped, before the HTTP client it uses).
    var services: [any Service] {
        let traceExporter: [any Service] = traceExporter.map { [$0] } ?? []
        return [database, redis, subscriber, revokedTokens, apiKeyCache, registry.cache, registry.heartbeats, registry.sweeper, outboundHTTP] + traceExporter + [
            tally, EmbeddingModelService(localModel: embeddings.localModel), knowledgeFeed, knowledgeWarmup, embeddingWorker, PluginService(plugins: plugins, registry: registry, services: pluginServices), executionRunner,
            deferredInvocationRunner,
        ]
    }
}
