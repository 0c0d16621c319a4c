#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOPosix

/// One connection to Redis. Commands may be sent from any task, concurrently;
/// they are pipelined on the connection and answered in order.
public final class RedisConnection: RedisCommandExecutor {
    let channel: any Channel
    public let configuration: RedisConnectionConfiguration

    private init(channel: any Channel, configuration: RedisConnectionConfiguration) {
        self.channel = channel
        self.configuration = configuration
    }

    /// Whether the underlying socket is still open.
    public var isActive: Bool { channel.isActive }

    /// Connects, authenticates and selects the configured database.
    public static func connect(
        to configuration: RedisConnectionConfiguration,
        on eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RedisConnection {
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.milliseconds(configuration.connectTimeout.milliseconds))
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(RESPCommandEncoder()))
                    try channel.pipeline.syncOperations.addHandler(RedisCommandHandler(), name: RedisCommandHandler.name)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw RedisClientError.connectionFailed(address: configuration.address, reason: Self.describe(error))
        }
        let connection = RedisConnection(channel: channel, configuration: configuration)
        do {
            try await connection.prepare()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    private func prepare() async throws {
        if let password = configuration.password {
            let arguments = [configuration.username.map { RedisArgument($0) }, RedisArgument(password)].compactMap { $0 }
            _ = try await send(RedisCommand("AUTH", arguments))
        }
        if configuration.database != 0 {
            _ = try await send(RedisCommand("SELECT", [RedisArgument(configuration.database)]))
        }
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        let replies = try await pipeline([command])
        if case .error(let message) = replies[0] {
            throw RedisClientError.serverError(message)
        }
        return replies[0]
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        guard channel.isActive else { throw RedisClientError.connectionClosed }
        let eventLoop = channel.eventLoop
        let promises = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        for (command, promise) in zip(commands, promises) {
            // The channel may close between the check above and the write (redis-server killed): the write then
            // fails, nothing reaches the command handler and no reply will come. Fail the command at once.
            let written = eventLoop.makePromise(of: Void.self)
            written.futureResult.whenFailure { _ in promise.fail(RedisClientError.connectionClosed) }
            channel.write(RedisRequest(command: command, promise: promise), promise: written)
        }
        channel.flush()

        // A reply that never comes would misalign every later one: on timeout
        // fail all pending commands and drop the connection.
        let timeout = RedisClientError.timeout(command: commands[0].name, milliseconds: Int(configuration.commandTimeout.milliseconds))
        let timer = eventLoop.scheduleTask(in: .milliseconds(configuration.commandTimeout.milliseconds)) { [channel] in
            channel.pipeline.fireErrorCaught(timeout)
            // A closed channel's handlers are gone: the bound holds all the same (a completed promise ignores this).
            for promise in promises { promise.fail(timeout) }
        }
        defer { timer.cancel() }
        return try await EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: eventLoop).get()
    }

    /// Closes the connection; pending commands fail with ``RedisClientError/connectionClosed``.
    public func close() async {
        try? await channel.close()
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
            return describe(first.error)
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
            return "connect timed out after \(amount.nanoseconds / 1_000_000) ms"
        }
        return String(describing: error)
    }
}
