extension SkillHubConfiguration {
    /// The effective settings as `(variable, value)` pairs, secrets masked,
    /// for `skillhub config check` and start-up logs.
    public var maskedSummary: [(name: String, value: String)] {
        [
            ("APP_NAME", app.name),
            ("APP_VERSION", app.version),
            ("APP_ENV", sourced("APP_ENV", app.environment.rawValue)),
            ("APP_HOST", sourced("APP_HOST", app.host)),
            ("APP_PORT", sourced("APP_PORT", String(app.port))),
            ("APP_DEBUG", sourced("APP_DEBUG", String(app.debug))),
            ("LOG_LEVEL", app.logLevel.rawValue),
            ("SKILLHUB_MAX_BODY_BYTES", String(app.maxBodyBytes)),
            ("SKILLHUB_MAX_UPLOAD_BYTES", String(app.maxUploadBytes)),
            ("DATABASE_URL", database.url.maskedDescription),
            ("DATABASE_POOL_SIZE", String(database.poolSize)),
            ("SKILLHUB_MIGRATIONS_DIR", database.migrationsDirectory),
            ("REDIS_URL", redis.url.maskedDescription),
            ("REDIS_MAX_CONNECTIONS", String(redis.maxConnections)),
            ("SECURITY_JWT_SECRET", Self.mask(security.jwtSecret)),
            ("SECURITY_JWT_EXPIRY", String(security.jwtExpirySeconds)),
            ("SECURITY_ALGORITHM", security.algorithms.joined(separator: ",")),
            ("SECURITY_JWT_KID", security.jwtKeyID),
            ("SECURITY_JWT_PREVIOUS_KEYS", security.previousJWTSecrets.keys.sorted().map { "\($0):******" }.joined(separator: ",")),
            ("SECURITY_JWT_ISSUER", security.jwtIssuer),
            ("SECURITY_JWT_AUDIENCE", security.jwtAudience),
            ("SECURITY_JWT_LEEWAY", String(security.jwtLeewaySeconds)),
            ("SECURITY_JWT_PRIVATE_KEY_FILE", security.jwtPrivateKeyFile ?? "(not set)"),
            ("SECURITY_JWT_PUBLIC_KEY_FILES", security.jwtPublicKeyFiles.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")),
            ("SKILLHUB_ROOT_API_KEY", security.rootAPIKey.map(Self.mask) ?? "(not set: root administration disabled)"),
            ("SKILLHUB_CALLBACK_SECRET", security.callbackSecret.map(Self.mask) ?? "(not set: callbacks unsigned)"),
            ("AI_BRIDGE_PROTOCOL_VERSION", aiBridge.protocolVersion),
            ("AI_BRIDGE_HEARTBEAT_INTERVAL", String(aiBridge.heartbeat.interval.components.seconds)),
            ("SKILLHUB_ENDPOINT_DELETE_TIMEOUT", String(aiBridge.heartbeat.deleteAfter.components.seconds)),
            ("SKILLHUB_ENDPOINT_ALLOWED_HOSTS", aiBridge.endpointHosts.description),
            ("SKILLHUB_PLUGINS_DIR", plugins.directory),
            ("SKILLHUB_PLUGINS", plugins.names.isEmpty ? "(all in SKILLHUB_PLUGINS_DIR)" : plugins.names.joined(separator: ",")),
            ("SKILLHUB_PLUGINS_ISOLATED", plugins.isolated.isEmpty ? "(none)" : plugins.isolated.joined(separator: ",")),
            ("SKILLHUB_PLUGINS_HOST_EXECUTABLE", plugins.hostExecutable ?? "(this program)"),
            ("SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS", plugins.http.allowedHosts.description),
            ("SKILLHUB_PLUGINS_HTTP_MAX_BYTES", String(plugins.http.maxResponseBytes)),
            ("SKILLHUB_PLUGINS_HTTP_TIMEOUT_MS", String(Int(plugins.http.timeout.inMilliseconds))),
            ("VECTOR_STORE_TYPE", vectorStore.rawValue),
            ("CHAT_SESSION_TTL", String(chatSessionTTLSeconds)),
        ] + operatorSummary + rateLimitSummary + chatGenerations.summary + embeddings.maskedSummary + chatModels.maskedSummary
    }

    /// `value`, with the variable that supplied it: `(from HOST)` for an alias, `(default)` when neither name is set.
    private func sourced(_ variable: String, _ value: String) -> String {
        switch settingSources[variable] {
        case nil: value + " (default)"
        case variable: value + " (from \(variable))"
        case let alias?: value + " (from \(alias))"
        }
    }

    /// Warnings worth logging at start-up that do not stop it.
    public var warnings: [String] {
        var warnings: [String] = []
        if security.usesSharedSecret, security.jwtSecret == Self.developmentJWTSecret {
            warnings.append("SECURITY_JWT_SECRET is not set: using the development secret (refused in production)")
        }
        if app.environment == .production && app.debug {
            warnings.append("APP_ENV=production with APP_DEBUG=true: production secret checks are off")
        }
        return warnings + readingWarnings + chatModels.warnings
    }

    static func mask(_ secret: String) -> String {
        "****** (\(secret.count) characters)"
    }
}
