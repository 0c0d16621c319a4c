import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle
import SkillHubCore

/// SkillHub's PostgreSQL access: a PostgresNIO connection pool sized by
/// `DATABASE_POOL_SIZE`, with lease counting for status pages.
///
/// A connection that cannot be had within ``acquireTimeout`` fails the request (503, 1008)
/// instead of queueing it for as long as PostgreSQL is gone, and while PostgreSQL is found
/// unreachable requests fail at once until a probe reaches it again (``DatabaseCircuit``).
///
/// Run it as a `Service`; the pool closes on graceful shutdown.
public final class Database: Service, Sendable {
    public let client: PostgresClient
    public let maxConnections: Int
    /// `host:port`, for messages.
    public let address: String
    /// How long a request waits for a pooled connection before it fails.
    public let acquireTimeout: Duration
    let circuit: DatabaseCircuit
    let logger: Logger
    private let leased = NIOLockedValueBox(0)

    /// - Parameters:
    ///   - acquireTimeout: how long a request waits for a connection (2 s).
    ///   - retryInterval: how often, while PostgreSQL is unreachable, a probe tries it again (1 s).
    public init(
        url: PostgresURL,
        poolSize: Int,
        acquireTimeout: Duration = .seconds(2),
        retryInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "skillhub.postgres")
    ) {
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
        self.acquireTimeout = acquireTimeout
        self.circuit = DatabaseCircuit(retryInterval: retryInterval)
        self.logger = logger
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
    ///
    /// - Throws: ``DatabaseUnavailableError`` at once while PostgreSQL is taken to be unreachable,
    ///   or when no connection could be had within ``acquireTimeout``.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        switch circuit.admit() {
        case .proceed:
            break
        case .refuse(let probe):
            if probe { Task { await self.probe() } }
            throw DatabaseUnavailableError(address: address, reason: "unreachable moments ago; a probe retries it every \(circuit.retryInterval)")
        }
        leased.withLockedValue { $0 += 1 }
        defer { leased.withLockedValue { $0 -= 1 } }
        return try await lease(within: acquireTimeout, body)
    }

    /// Runs `SELECT 1`, failing if it takes longer than `timeout`. Not refused while PostgreSQL is
    /// taken to be unreachable: a ping is a probe (its success marks PostgreSQL reachable again).
    public func ping(timeout: Duration = .seconds(2)) async throws {
        try await withTimeout(timeout, operation: "SELECT 1 on PostgreSQL at \(address)") {
            try await self.lease(within: timeout) { connection in
                _ = try await connection.query("SELECT 1", logger: connection.logger).collect()
            }
        }
    }

    /// Whether PostgreSQL is taken to be unreachable now (requests that need it fail at once).
    public var isUnreachable: Bool { circuit.isOpen }

    /// One `SELECT 1` while PostgreSQL is taken to be unreachable; its outcome closes the circuit
    /// or keeps it open another interval.
    private func probe() async {
        do {
            try await lease(within: acquireTimeout) { connection in
                _ = try await connection.query("SELECT 1", logger: connection.logger).collect()
            }
            circuit.probeFinished(reachable: true)
            logger.info("PostgreSQL is reachable again", metadata: ["address": "\(address)"])
        } catch {
            circuit.probeFinished(reachable: false)
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
