import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A bounded pool of Redis connections.
///
/// Connections open lazily, up to `maxConnections`; a caller waits for a free
/// one at most `leaseTimeout`. Dead connections are dropped when they come back.
/// After a failed connection attempt, new attempts wait out an exponential
/// back-off and callers fail at once with ``RedisClientError/unavailable(address:lastError:retryInMilliseconds:)``
/// instead of hanging. Run it as a `Service` to close it on graceful shutdown.
public actor RedisConnectionPool: RedisCommandExecutor, Service {
    public nonisolated let configuration: RedisConnectionConfiguration
    public let maxConnections: Int
    public let leaseTimeout: Duration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    private var idle: [RedisConnection] = []
    /// Idle, leased and connecting connections.
    private var openCount = 0
    private var leasedCount = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID = 0
    private var backoff: ReconnectBackoff
    private var hasConnected = false
    private var isShutdown = false

    public init(
        configuration: RedisConnectionConfiguration,
        maxConnections: Int,
        leaseTimeout: Duration = .seconds(5),
        backoff: ReconnectBackoff = ReconnectBackoff(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "skillhub.redis")
    ) {
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
        self.leaseTimeout = leaseTimeout
        self.backoff = backoff
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public nonisolated func send(_ command: RedisCommand) async throws -> RESPValue {
        try await withConnection { try await $0.send(command) }
    }

    public nonisolated func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await withConnection { try await $0.pipeline(commands) }
    }

    /// Leases a connection for the duration of `body`.
    public nonisolated func withConnection<Result: Sendable>(
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    public var statistics: RedisPoolStatistics {
        let state: RedisPoolStatistics.State =
            if isShutdown { .shutdown } else if backoff.consecutiveFailures > 0 { .reconnecting } else if hasConnected { .connected } else { .idle }
        return RedisPoolStatistics(
            state: state,
            openConnections: openCount,
            idleConnections: idle.count,
            leasedConnections: leasedCount,
            waiting: waiters.count,
            maxConnections: maxConnections,
            lastError: backoff.lastError
        )
    }

    /// Waits for graceful shutdown, then closes every connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes idle connections now and leased ones as they come back; later calls fail.
    public func shutdown() async {
        guard !isShutdown else { return }
        isShutdown = true
        let closing = idle
        idle.removeAll()
        openCount -= closing.count
        for waiter in waiters {
            waiter.continuation.resume(throwing: RedisClientError.shutdown)
        }
        waiters.removeAll()
        for connection in closing {
            await connection.close()
        }
    }

    func lease() async throws -> RedisConnection {
        while true {
            guard !isShutdown else { throw RedisClientError.shutdown }
            dropDeadIdleConnections()
            if let connection = idle.popLast() {
                leasedCount += 1
                return connection
            }
            if openCount < maxConnections {
                return try await openConnection()
            }
            try await waitForRelease()
        }
    }

    func release(_ connection: RedisConnection) async {
        leasedCount -= 1
        if isShutdown || !connection.isActive {
            openCount -= 1
            await connection.close()
        } else {
            idle.append(connection)
        }
        wakeOneWaiter()
    }

    private func openConnection() async throws -> RedisConnection {
        let now = ContinuousClock.now
        if let remaining = backoff.remainingDelay(at: now) {
            throw RedisClientError.unavailable(
                address: configuration.address,
                lastError: backoff.lastError ?? "unknown error",
                retryInMilliseconds: Int(remaining.milliseconds)
            )
        }
        openCount += 1
        do {
            let connection = try await RedisConnection.connect(to: configuration, on: eventLoopGroup)
            if backoff.consecutiveFailures > 0 {
                logger.info("Redis connection restored", metadata: ["address": "\(configuration.address)"])
            }
            backoff.recordSuccess()
            hasConnected = true
            if isShutdown {
                openCount -= 1
                await connection.close()
                throw RedisClientError.shutdown
            }
            leasedCount += 1
            return connection
        } catch {
            openCount -= 1
            if !(error is CancellationError) {
                backoff.recordFailure(String(describing: error), at: .now)
                logger.warning(
                    "Redis connection failed",
                    metadata: ["address": "\(configuration.address)", "error": "\(error)", "retry_ms": "\(backoff.currentDelay.milliseconds)"]
                )
            }
            wakeOneWaiter()
            throw error
        }
    }

    private func dropDeadIdleConnections() {
        let before = idle.count
        idle.removeAll { !$0.isActive }
        openCount -= before - idle.count
    }

    private func waitForRelease() async throws {
        let id = nextWaiterID
        nextWaiterID += 1
        let timeout = leaseTimeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.expireWaiter(id)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { continuation in
            waiters.append((id, continuation))
        }
    }

    private func expireWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: RedisClientError.poolExhausted(maxConnections: maxConnections))
    }

    private func wakeOneWaiter() {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume()
    }
}
