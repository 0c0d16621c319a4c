/// SkillHub's effective configuration, read from environment variables
/// (names from the Ooder AI Bridge deployment guide) and an optional `.env` file.
public struct SkillHubConfiguration: Sendable {
    public struct App: Sendable {
        public var name: String
        public var version: String
        public var host: String
        public var port: Int
        public var debug: Bool
        public var environment: DeploymentEnvironment
        public var logLevel: LogLevelSetting
        /// The largest request body accepted, in bytes (`SKILLHUB_MAX_BODY_BYTES`).
        public var maxBodyBytes: Int
        /// The largest document upload (`POST /api/v1/knowledge/collections/{collection}/documents`), in bytes (`SKILLHUB_MAX_UPLOAD_BYTES`).
        public var maxUploadBytes: Int

        /// Production mode: `APP_ENV=production` and debug off.
        public var isProduction: Bool { environment == .production && !debug }
    }

    public struct Database: Sendable {
        public var url: PostgresURL
        public var poolSize: Int
        /// Where the numbered SQL migrations live (`SKILLHUB_MIGRATIONS_DIR`).
        public var migrationsDirectory: String
    }

    public struct Redis: Sendable {
        public var url: RedisURL
        public var maxConnections: Int
    }

    public struct Security: Sendable {
        public var jwtSecret: String
        public var jwtExpirySeconds: Int
        /// The JWT algorithms accepted, from `SECURITY_ALGORITHM` (comma-separated).
        public var algorithms: [String]
        public var rootAPIKey: String?
        /// The key id (`kid`) of ``jwtSecret``: new tokens are signed with it.
        public var jwtKeyID: String
        /// Earlier secrets by key id, still accepted for verification while a rotation completes.
        public var previousJWTSecrets: [String: String]
        public var jwtIssuer: String
        public var jwtAudience: String
        /// Clock skew tolerated on `exp` and `nbf`, seconds.
        public var jwtLeewaySeconds: Int
        /// The PEM private key that signs tokens when the signing algorithm is RS*, ES* or EdDSA
        /// (`SECURITY_JWT_PRIVATE_KEY_FILE`); its key id is ``jwtKeyID``.
        public var jwtPrivateKeyFile: String?
        /// More PEM public keys by key id, accepted for verification (`SECURITY_JWT_PUBLIC_KEY_FILES`,
        /// `kid:path,…`): the keys of a rotation, or of the instance that signs.
        public var jwtPublicKeyFiles: [String: String]
        /// The secret command callbacks are signed with (`SKILLHUB_CALLBACK_SECRET`); unsigned when nil.
        public var callbackSecret: String?

        /// The algorithm new tokens are signed with: the first of ``algorithms``.
        public var signingAlgorithm: TokenAlgorithm { algorithms.first.flatMap(TokenAlgorithm.init(rawValue:)) ?? .hs256 }

        /// Whether a shared secret is in use (an HMAC algorithm is allowed).
        public var usesSharedSecret: Bool { algorithms.contains { TokenAlgorithm(rawValue: $0)?.family == .hmac } }
    }

    public struct AIBridge: Sendable {
        public var protocolVersion: String
        /// Heartbeat interval, unhealthy and delete timeouts
        /// (`AI_BRIDGE_HEARTBEAT_INTERVAL`, `SKILLHUB_ENDPOINT_DELETE_TIMEOUT`, seconds).
        public var heartbeat: HeartbeatPolicy
        /// The hosts remote endpoints (`http`, `https`, `ws`, `wss`) may name (`SKILLHUB_ENDPOINT_ALLOWED_HOSTS`,
        /// `*` by default): checked when an endpoint is registered and again before each call to it.
        public var endpointHosts: HostAllowList
    }

    public struct Plugins: Sendable {
        public var directory: String
        /// Plugins to load by name; empty means every plugin in ``directory``.
        public var names: [String]
        /// Plugins to run isolated, each in a `skillhub plugin-host` child process (`SKILLHUB_PLUGINS_ISOLATED`).
        public var isolated: [String]
        /// The executable serving `plugin-host`; this program when nil (`SKILLHUB_PLUGINS_HOST_EXECUTABLE`).
        public var hostExecutable: String?
        /// The environment the plugins' configurations are read from.
        public var settings: [String: String]
        /// What plugins may reach through the host's HTTP service.
        public var http: PluginHTTPLimits

        /// A plugin's configuration: its `default_config`, overlaid with the
        /// variable named like each of its keys with an underscore in capitals
        /// (`OCR_TYPE` for `ocr_type`, so the names of existing deployments work), overlaid
        /// with its `SKILLHUB_PLUGIN_<NAME>_<KEY>=value` variables (NAME in
        /// capitals with `-` as `_`; KEY in lowercase becomes the key).
        public func configuration(for plugin: String, defaults: JSONValue?) -> JSONValue {
            var configuration: [String: JSONValue] = [:]
            if case .object(let values)? = defaults { configuration = values }
            // Only keys with an underscore, so that a key like `path` never takes `PATH`.
            for key in configuration.keys where key.contains("_") {
                if let value = settings[key.uppercased()] { configuration[key] = .string(value) }
            }
            let prefix = "SKILLHUB_PLUGIN_" + plugin.uppercased().replacingOccurrences(of: "-", with: "_") + "_"
            for (variable, value) in settings where variable.hasPrefix(prefix) && variable.count > prefix.count {
                configuration[String(variable.dropFirst(prefix.count)).lowercased()] = .string(value)
            }
            return .object(configuration)
        }
    }

    /// The limits of the host's outbound HTTP service for plugins.
    public struct PluginHTTPLimits: Sendable {
        /// The hosts plugins may call (`SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS`).
        public var allowedHosts: HostAllowList
        /// The largest answer body, in bytes (`SKILLHUB_PLUGINS_HTTP_MAX_BYTES`, at most 32 MiB so that an
        /// answer fits a plugin-host frame).
        public var maxResponseBytes: Int
        /// The timeout of a request that names none, and the longest allowed (`SKILLHUB_PLUGINS_HTTP_TIMEOUT_MS`).
        public var timeout: Duration

        public init(allowedHosts: HostAllowList = .any, maxResponseBytes: Int = 20 << 20, timeout: Duration = .seconds(30)) {
            self.allowedHosts = allowedHosts
            self.maxResponseBytes = maxResponseBytes
            self.timeout = timeout
        }
    }

    public var app: App
    public var database: Database
    public var redis: Redis
    public var security: Security
    public var aiBridge: AIBridge
    public var plugins: Plugins
    /// The embeddings provider (`EMBEDDING_TYPE` and its variables), shared by search and memory.
    public let embeddings: EmbeddingSettings
    /// Where the document store's vectors are searched (`VECTOR_STORE_TYPE`).
    public let vectorStore: VectorStoreType
    /// The chat models (`MODEL_*_N`, the shorthands, `BUILTIN_CM_*`), shared by the chat and memory skills.
    public let chatModels: ChatModelSettings
    /// How long a conversation's recent messages stay in Redis after its last message (`CHAT_SESSION_TTL`, seconds).
    public let chatSessionTTLSeconds: Int
    /// The bound on model generations running and waiting (`CHAT_MAX_CONCURRENT_GENERATIONS`, `CHAT_MAX_QUEUED_GENERATIONS`, `CHAT_MAX_QUEUE_WAIT_MS`).
    public let chatGenerations: ChatGenerationLimits
    /// Log format and file output (`LOG_FORMAT`, `LOG_DIR`, `LOG_FILE_MAX_BYTES`, `LOG_FILE_BACKUPS`).
    public let logging: LogSettings
    /// Cross-origin requests from browsers; nil when off (no origin configured).
    public let cors: CORSSettings?
    /// HTTPS on the service's port (`USE_SSL`); nil for plain HTTP.
    public let tls: ServerTLSSettings?
    /// Rate limits per route group and on failed authentications (`RATE_LIMIT_*`).
    public var rateLimits: RateLimitSettings
    /// Header size and JSON depth bounds (`SKILLHUB_MAX_HEADER_BYTES`, `SKILLHUB_MAX_JSON_DEPTH`).
    public var requestLimits: RequestLimits
    /// `LOAD_BALANCE_STRATEGY` and seed 002's static workers (`WORKERS`, `HEALTH_CHECK_*`).
    public var routing: RoutingSettings
    /// The body of `GET /health` (`HEALTH_RESPONSE_STYLE`).
    public var healthResponseStyle: HealthResponseStyle
    /// Spans exported over OTLP (`OTEL_EXPORTER_OTLP_ENDPOINT` and the other `OTEL_*` variables); nil when off.
    public var tracing: TracingSettings?
    /// For each `APP_*` variable with a seed alias (``SettingAliases``), the name that supplied its value.
    public let settingSources: [String: String]
    /// Start-up warnings found while reading (ignored or shadowed variables).
    let readingWarnings: [String]

    public static let defaultVersion = "0.1.0"
    public static let defaultDatabaseURL = "postgresql://skillhub:skillhub@127.0.0.1:15432/skillhub"
    public static let defaultRedisURL = "redis://127.0.0.1:16379/0"
    /// The development JWT secret: usable outside production only.
    public static let developmentJWTSecret = "skillhub-development-secret-do-not-use-in-production"
    /// The JWT algorithms SkillHub signs and verifies.
    public static let supportedAlgorithms = TokenAlgorithm.allCases.map(\.rawValue)
    /// Secrets known from sample configurations, refused in production.
    static let knownWeakSecrets: Set<String> = [
        developmentJWTSecret, "your_jwt_secret_key", "your_jwt_secret_key_change_in_production",
        "secret", "changeme", "change-me",
    ]
    static let minimumSecretLength = 32

    /// Reads the configuration from `environment`, which should already have
    /// any `.env` values merged under the process environment.
    public init(environment: [String: String]) throws(ConfigurationError) {
        var reader = EnvironmentReader(environment)

        let debug = reader.boolean("APP_DEBUG", default: false)
        app = App(
            name: reader.string("APP_NAME", default: "skillhub"),
            version: reader.string("APP_VERSION", default: Self.defaultVersion),
            host: reader.string("APP_HOST", default: "0.0.0.0"),
            port: reader.integer("APP_PORT", default: 8000, in: 1...65535),
            debug: debug,
            environment: reader.choice("APP_ENV", default: DeploymentEnvironment.development),
            logLevel: reader.logLevel("LOG_LEVEL", default: debug ? LogLevelSetting.debug : .info),
            maxBodyBytes: reader.integer("SKILLHUB_MAX_BODY_BYTES", default: 1 << 20, in: 1024...(1 << 30)),
            maxUploadBytes: reader.integer("SKILLHUB_MAX_UPLOAD_BYTES", default: 32 << 20, in: 1024...(1 << 30))
        )

        let databaseURL = reader.parsed("DATABASE_URL", default: Self.defaultDatabaseURL) { try PostgresURL(parsing: $0) }
        database = Database(
            url: databaseURL ?? PostgresURL(host: "", username: "", database: ""),
            poolSize: reader.integer("DATABASE_POOL_SIZE", default: 10, in: 1...1000),
            migrationsDirectory: reader.string("SKILLHUB_MIGRATIONS_DIR", default: "migrations")
        )

        let redisURL = reader.parsed("REDIS_URL", default: Self.defaultRedisURL) { try RedisURL(parsing: $0) }
        redis = Redis(
            url: redisURL ?? RedisURL(host: ""),
            maxConnections: reader.integer("REDIS_MAX_CONNECTIONS", default: 50, in: 1...10_000)
        )

        let algorithms = reader.string("SECURITY_ALGORITHM", default: "HS256")
            .split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        for algorithm in algorithms where !Self.supportedAlgorithms.contains(algorithm) {
            reader.report("SECURITY_ALGORITHM", "'\(algorithm)' is not valid; expected a comma-separated list of \(Self.supportedAlgorithms.joined(separator: ", "))")
        }
        security = Security(
            jwtSecret: reader.raw("SECURITY_JWT_SECRET") ?? Self.developmentJWTSecret,
            jwtExpirySeconds: reader.integer("SECURITY_JWT_EXPIRY", default: 3600, in: 60...(30 * 86400)),
            algorithms: algorithms.isEmpty ? ["HS256"] : algorithms,
            rootAPIKey: reader.raw("SKILLHUB_ROOT_API_KEY"),
            jwtKeyID: reader.string("SECURITY_JWT_KID", default: "k1"),
            previousJWTSecrets: Self.parseKeyList("SECURITY_JWT_PREVIOUS_KEYS", reader: &reader),
            jwtIssuer: reader.string("SECURITY_JWT_ISSUER", default: "skillhub"),
            jwtAudience: reader.string("SECURITY_JWT_AUDIENCE", default: "skillhub-api"),
            jwtLeewaySeconds: reader.integer("SECURITY_JWT_LEEWAY", default: 30, in: 0...600),
            jwtPrivateKeyFile: reader.raw("SECURITY_JWT_PRIVATE_KEY_FILE"),
            jwtPublicKeyFiles: Self.parseKeyList("SECURITY_JWT_PUBLIC_KEY_FILES", reader: &reader),
            callbackSecret: reader.raw("SKILLHUB_CALLBACK_SECRET").flatMap { $0.isEmpty ? nil : $0 }
        )
        if security.previousJWTSecrets[security.jwtKeyID] != nil {
            reader.report("SECURITY_JWT_PREVIOUS_KEYS", "names '\(security.jwtKeyID)', the kid of the current key (SECURITY_JWT_KID); a retired key needs a kid of its own")
        }
        if security.signingAlgorithm.family != .hmac, security.jwtPrivateKeyFile == nil {
            reader.report("SECURITY_ALGORITHM", "\(security.signingAlgorithm.rawValue) signs with a key pair; set SECURITY_JWT_PRIVATE_KEY_FILE to its PEM private key")
        }

        aiBridge = AIBridge(
            protocolVersion: reader.string("AI_BRIDGE_PROTOCOL_VERSION", default: "0.6.0"),
            heartbeat: Self.heartbeatPolicy(reader: &reader),
            endpointHosts: HostAllowList(parsing: reader.string("SKILLHUB_ENDPOINT_ALLOWED_HOSTS", default: "*"))
        )

        plugins = Plugins(
            directory: reader.string("SKILLHUB_PLUGINS_DIR", default: "Plugins/lib"),
            names: reader.string("SKILLHUB_PLUGINS", default: "")
                .split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty },
            isolated: reader.string("SKILLHUB_PLUGINS_ISOLATED", default: "")
                .split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty },
            hostExecutable: reader.raw("SKILLHUB_PLUGINS_HOST_EXECUTABLE"),
            settings: reader.values,
            http: PluginHTTPLimits(
                allowedHosts: HostAllowList(parsing: reader.string("SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS", default: "*")),
                maxResponseBytes: reader.integer("SKILLHUB_PLUGINS_HTTP_MAX_BYTES", default: 20 << 20, in: 1024...(32 << 20)),
                timeout: .milliseconds(reader.integer("SKILLHUB_PLUGINS_HTTP_TIMEOUT_MS", default: 30_000, in: 100...600_000))
            )
        )

        embeddings = EmbeddingSettings.read(&reader)
        vectorStore = VectorStoreType.read(&reader)
        chatModels = ChatModelSettings.read(&reader)
        chatSessionTTLSeconds = reader.integer("CHAT_SESSION_TTL", default: 86_400, in: 60...(90 * 86_400))
        chatGenerations = ChatGenerationLimits.read(&reader)
        var readingWarnings: [String] = []
        logging = LogSettings.read(&reader)
        cors = CORSSettings.read(&reader, warnings: &readingWarnings)
        tls = ServerTLSSettings.read(&reader, warnings: &readingWarnings)
        rateLimits = RateLimitSettings.read(&reader)
        requestLimits = RequestLimits.read(&reader)
        routing = RoutingSettings.read(&reader, warnings: &readingWarnings)
        healthResponseStyle = reader.choice("HEALTH_RESPONSE_STYLE", default: HealthResponseStyle.healthy)
        tracing = TracingSettings.read(&reader, warnings: &readingWarnings)
        let aliases = SettingAliases.resolve(reader)
        settingSources = aliases.used
        self.readingWarnings = aliases.warnings + readingWarnings

        if app.isProduction {
            Self.checkProductionSecrets(security, reader: &reader)
        }
        if security.usesSharedSecret {
            Self.checkHMACKeyLengths(security, reader: &reader)
        }
        if !reader.problems.isEmpty {
            throw ConfigurationError(problems: reader.problems)
        }
    }

    /// HMAC keys shorter than the hash output are weak (RFC 7518 §3.2) and
    /// refused by the JWT library: the secret must be at least 32, 48 or 64
    /// bytes for HS256, HS384 or HS512.
    private static func checkHMACKeyLengths(_ security: Security, reader: inout EnvironmentReader) {
        let strongest = security.algorithms.compactMap(TokenAlgorithm.init(rawValue:))
            .max { ($0.minimumSecretBytes ?? 0) < ($1.minimumSecretBytes ?? 0) } ?? .hs256
        let required = strongest.minimumSecretBytes ?? 32
        let secretReported = reader.problems.contains { $0.variable == "SECURITY_JWT_SECRET" }
        if !secretReported, security.jwtSecret.utf8.count < required {
            reader.report("SECURITY_JWT_SECRET", "is \(security.jwtSecret.utf8.count) bytes; \(strongest.rawValue) needs a secret of at least \(required) bytes")
        }
        for (kid, secret) in security.previousJWTSecrets.sorted(by: { $0.key < $1.key }) where secret.utf8.count < required {
            reader.report("SECURITY_JWT_PREVIOUS_KEYS", "the secret of '\(kid)' is \(secret.utf8.count) bytes; \(strongest.rawValue) needs at least \(required) bytes")
        }
    }

    /// Interval from `AI_BRIDGE_HEARTBEAT_INTERVAL` (30 s); unhealthy after three
    /// intervals; ephemeral endpoints removed after `SKILLHUB_ENDPOINT_DELETE_TIMEOUT`
    /// (ten intervals by default, never before they are unhealthy).
    private static func heartbeatPolicy(reader: inout EnvironmentReader) -> HeartbeatPolicy {
        let interval = reader.integer("AI_BRIDGE_HEARTBEAT_INTERVAL", default: 30, in: 1...3600)
        let deleteTimeout = reader.integer("SKILLHUB_ENDPOINT_DELETE_TIMEOUT", default: interval * 10, in: 1...(30 * 86400))
        if deleteTimeout < interval * 3 {
            reader.report("SKILLHUB_ENDPOINT_DELETE_TIMEOUT", "is \(deleteTimeout) s; it must be at least three heartbeat intervals (\(interval * 3) s)")
        }
        return HeartbeatPolicy(interval: .seconds(interval), deleteAfter: .seconds(deleteTimeout))
    }

    /// `kid:value,kid:value` → a dictionary; malformed entries are reported.
    private static func parseKeyList(_ variable: String, reader: inout EnvironmentReader) -> [String: String] {
        var keys: [String: String] = [:]
        for entry in reader.string(variable, default: "").split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                reader.report(variable, "'\(entry)' is not valid; expected a comma-separated list of kid:value")
                continue
            }
            guard keys[parts[0]] == nil else {
                reader.report(variable, "names the kid '\(parts[0])' twice")
                continue
            }
            keys[parts[0]] = parts[1]
        }
        return keys
    }

    private static func checkProductionSecrets(_ security: Security, reader: inout EnvironmentReader) {
        let secret = security.jwtSecret
        if security.usesSharedSecret {
            if reader.raw("SECURITY_JWT_SECRET") == nil {
                reader.report("SECURITY_JWT_SECRET", "is required in production; expected a random secret of at least \(minimumSecretLength) characters")
            } else if knownWeakSecrets.contains(secret) || secret.count < minimumSecretLength {
                reader.report("SECURITY_JWT_SECRET", "is a default or weak secret, refused in production; expected a random secret of at least \(minimumSecretLength) characters")
            }
        }
        guard let rootKey = security.rootAPIKey else {
            reader.report("SKILLHUB_ROOT_API_KEY", "is required in production; expected a random key of at least \(minimumSecretLength) characters")
            return
        }
        if knownWeakSecrets.contains(rootKey) || rootKey.count < minimumSecretLength {
            reader.report("SKILLHUB_ROOT_API_KEY", "is a default or weak key, refused in production; expected a random key of at least \(minimumSecretLength) characters")
        }
    }
}
