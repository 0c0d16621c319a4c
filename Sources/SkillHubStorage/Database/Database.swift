import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle
import SkillHubCore

/// SkillHub's PostgreSQL access: a PostgresNIO connection pool sized by
/// `DATABASE_POOL_SIZE`, with lease counting for status pages.
///
/// Run it as a `Service`; the pool closes on graceful shutdown.
public final class Database: Service, Sendable {
    public let client: PostgresClient
    public let maxConnections: Int
    /// `host:port`, for messages.
    public let address: String
    private let leased = NIOLockedValueBox(0)

    public init(url: PostgresURL, poolSize: Int, logger: Logger = Logger(label: "skillhub.postgres")) {
        var configuration = PostgresClient.Configuration(
            host: url.host,
            port: url.port,
            username: url.username,
            password: url.password,
            database: url.database,
            tls: Self.tls(for: url.tlsMode)
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(3)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.maxConnections = poolSize
        self.address = "\(url.host):\(url.port)"
    }

    private static func tls(for mode: PostgresURL.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Runs the pool until graceful shutdown or cancellation.
    public func run() async {
        await client.run()
    }

    /// Leases a connection for the duration of `body`.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        leased.withLockedValue { $0 += 1 }
        defer { leased.withLockedValue { $0 -= 1 } }
        return try await client.withConnection(body)
    }

    /// Runs `SELECT 1`, failing if it takes longer than `timeout`.
    public func ping(timeout: Duration = .seconds(2)) async throws {
        try await withTimeout(timeout, operation: "SELECT 1 on PostgreSQL at \(address)") {
            try await self.withConnection { connection in
                _ = try await connection.query("SELECT 1", logger: connection.logger).collect()
            }
        }
    }

    /// Runs the pool for the duration of `body`, then shuts it down: for
    /// commands and tests that use the database without a service group.
    ///
    /// One round trip comes first: cancelling a `PostgresClient` whose `run()`
    /// has not started yet can leave `run()` hanging.
    public func whileRunning<Result: Sendable>(_ body: @escaping @Sendable (Database) async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await self.run()
                return nil
            }
            defer { group.cancelAll() }
            try await ping(timeout: .seconds(10))
            return try await body(self)
        }
    }

    public var statistics: DatabasePoolStatistics {
        DatabasePoolStatistics(leasedConnections: leased.withLockedValue { $0 }, maxConnections: maxConnections)
    }
}

/// A snapshot of the PostgreSQL pool.
public struct DatabasePoolStatistics: Sendable, Codable, Equatable {
    public var leasedConnections: Int
    public var maxConnections: Int

    enum CodingKeys: String, CodingKey {
        case leasedConnections = "leased_connections"
        case maxConnections = "max_connections"
    }
}
