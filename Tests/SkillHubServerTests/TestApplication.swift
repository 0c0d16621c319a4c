import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SkillHubCore
import SkillHubRedis
import SkillHubServer
import SkillHubStorage
import SkillHubTestSupport

/// Builds a SkillHub application on the test stack (or on the given
/// PostgreSQL and Redis), listening on an ephemeral loopback port.
enum TestApplication {
    /// The root API key every test application is configured with.
    static let rootKey = "root-key-for-tests-0123456789abcdef0123"

    /// The environment that loads both echo plugins from the build's products.
    static func echoPlugins() throws -> [String: String] {
        try plugins("echo", "echo-c")
    }

    /// The environment that loads the named plugins from the build's products.
    static func plugins(_ names: String...) throws -> [String: String] {
        ["SKILLHUB_PLUGINS_DIR": try TestStack.pluginsDirectory(), "SKILLHUB_PLUGINS": names.joined(separator: ",")]
    }

    /// The settings that run the named (loaded) plugins isolated, each in a `skillhub plugin-host` process of the build's.
    static func isolating(_ names: String...) throws -> [String: String] {
        ["SKILLHUB_PLUGINS_ISOLATED": names.joined(separator: ","), "SKILLHUB_PLUGINS_HOST_EXECUTABLE": "\(try TestStack.pluginsDirectory())/skillhub"]
    }

    static func make(
        databaseURL: PostgresURL? = nil,
        redis: RedisConnectionConfiguration? = nil,
        environment: [String: String] = [:],
        heartbeat: HeartbeatPolicy? = nil,
        deferredInvocations: DeferredInvocationSettings = DeferredInvocationSettings(),
        addRoutes: (Router<SkillHubRequestContext>) -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        // Rate limits off unless a test turns them on: every test calls from 127.0.0.1 against one Redis.
        var defaults = ["APP_HOST": "127.0.0.1", "SKILLHUB_ROOT_API_KEY": rootKey, "RATE_LIMIT_ENABLED": "false"]
        // The local embedding model that `make test` installs.
        defaults["EMBEDDING_LOCAL_PATH"] = ProcessInfo.processInfo.environment["SKILLHUB_TEST_EMBEDDING_LOCAL_PATH"]
        var configuration = try SkillHubConfiguration(environment: environment.merging(defaults) { current, _ in current })
        configuration.app.port = 0
        var logger = Logger(label: "skillhub.test")
        logger.logLevel = .warning
        let backoff = ReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        let dependencies = SkillHubDependencies(
            database: Database(url: try databaseURL ?? TestStack.databaseURL(), poolSize: 2, logger: logger),
            redis: RedisConnectionPool(
                configuration: try redis ?? TestStack.redisConfiguration(),
                maxConnections: 2,
                backoff: backoff,
                logger: logger
            ),
            heartbeat: heartbeat ?? configuration.aiBridge.heartbeat,
            endpointHosts: configuration.aiBridge.endpointHosts,
            plugins: configuration.plugins,
            embeddings: configuration.embeddings,
            chatModels: configuration.chatModels,
            chatSessionTTL: .seconds(configuration.chatSessionTTLSeconds),
            chatGenerations: configuration.chatGenerations,
            callbackSecret: configuration.security.callbackSecret,
            deferredInvocations: deferredInvocations,
            subscriberBackoff: backoff,
            tracing: configuration.tracing,
            version: configuration.app.version,
            logger: logger
        )
        let router = try await SkillHubApplication.makeRouter(configuration: configuration, dependencies: dependencies)
        addRoutes(router)
        return SkillHubApplication.make(router: router, configuration: configuration, dependencies: dependencies, logger: logger)
    }
}

extension TestResponse {
    /// The body as a JSON object.
    func json() throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: Data(buffer: body))
    }
}
