import Foundation
import Logging
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// The PostgreSQL and Redis that `make test` starts, named by environment
/// variables. Integration tests fail (never skip) when they are missing.
public enum TestStack {
    public struct MissingStack: Error, CustomStringConvertible {
        public var variable: String
        public var description: String { "\(variable) is not set: run the suite with `make test`, which starts the test stack" }
    }

    static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw MissingStack(variable: name) }
        return value
    }

    public static func databaseURL() throws -> PostgresURL {
        try PostgresURL(parsing: variable("SKILLHUB_TEST_DATABASE_URL"))
    }

    public static func redisURL() throws -> RedisURL {
        try RedisURL(parsing: variable("SKILLHUB_TEST_REDIS_URL"))
    }

    public static func redisConfiguration() throws -> RedisConnectionConfiguration {
        let url = try redisURL()
        return RedisConnectionConfiguration(host: url.host, port: url.port, password: url.password, database: url.database)
    }

    public static func redisServerPath() throws -> String {
        try variable("SKILLHUB_TEST_REDIS_SERVER")
    }

    /// Where `swift build` put the plugin libraries (`SKILLHUB_TEST_PLUGINS_DIR`).
    public static func pluginsDirectory() throws -> String {
        try variable("SKILLHUB_TEST_PLUGINS_DIR")
    }

    public static func migrationsDirectory() throws -> String {
        try variable("SKILLHUB_MIGRATIONS_DIR")
    }

    /// A key prefix unique to one test, so tests sharing the Redis do not collide.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs `body` with a running pool on `url`, then closes the pool.
    public static func withDatabase<Result: Sendable>(
        _ url: PostgresURL,
        poolSize: Int = 4,
        _ body: @escaping @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "skillhub.test.postgres")
        logger.logLevel = .error
        return try await Database(url: url, poolSize: poolSize, logger: logger).whileRunning(body)
    }
}
