import Foundation
import NIOCore
import NIOEmbedded
import SkillHubTestSupport
import Testing

@testable import SkillHubRedis

/// Each test runs its own redis-server so it can stop and restart it.
@Suite("Redis client when the server goes away")
struct RedisFailureTests {
    /// Found by `make faults` (redis-server SIGKILLed under load): a command in flight failed with the
    /// socket's own error (ECONNRESET), not a RedisClientError, so the heartbeat waiting on it answered 500.
    @Test func aResetConnectionFailsPendingCommandsAsClosed() throws {
        let channel = EmbeddedChannel(handler: RedisCommandHandler())
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        try channel.writeOutbound(RedisRequest(command: RedisCommand("PING", []), promise: promise))
        channel.pipeline.fireErrorCaught(IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)"))
        #expect(throws: RedisClientError.connectionClosed) { try promise.futureResult.wait() }
        #expect(RedisClientError.connectionClosed.isUnavailability)
    }

    /// Found by `make faults` (redis-server SIGKILLed under load, 2 of about 12 runs): a command written just as
    /// the connection closed got neither a reply nor an error, and the request waiting on it (a heartbeat,
    /// `/ready`) hung past every bound. Here every write fails, as on a closed channel: the command fails at once.
    @Test func aCommandWhoseWriteFailsFailsAtOnce() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let connection = try await RedisConnection.connect(to: server.configuration)
        try await connection.channel.pipeline.addHandler(FailingWrites(), position: .last).get()
        let started = ContinuousClock.now
        await #expect(throws: RedisClientError.connectionClosed) { _ = try await connection.send(RedisCommand("PING")) }
        #expect(ContinuousClock.now - started < .seconds(1))
        await connection.close()
        await server.stop()
    }

    /// Fails every write, as a channel does once it has closed.
    final class FailingWrites: ChannelOutboundHandler, Sendable {
        typealias OutboundIn = RedisRequest

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    @Test func pendingCommandsFailWhenTheServerStops() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        var configuration = server.configuration
        configuration.commandTimeout = .seconds(30)
        let connection = try await RedisConnection.connect(to: configuration)
        let started = ContinuousClock.now
        let blocked = Task { try await connection.send(RedisCommand("BLPOP", ["never", "20"])) }
        try await Task.sleep(for: .milliseconds(100))
        await server.stop()
        await #expect(throws: RedisClientError.connectionClosed) { _ = try await blocked.value }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func commandsFailFastWhileTheServerIsDownAndRecoverAfterRestart() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let pool = RedisConnectionPool(
            configuration: server.configuration,
            maxConnections: 2,
            backoff: ReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        )
        try await pool.set("k", to: "v")
        await server.stop()

        for _ in 0..<3 {
            let started = ContinuousClock.now
            await #expect(throws: RedisClientError.self) { try await pool.ping() }
            #expect(ContinuousClock.now - started < .seconds(2))
        }
        let down = await pool.statistics
        #expect(down.state == .reconnecting)
        #expect(down.lastError?.contains("cannot connect to Redis at 127.0.0.1:\(server.port)") == true)

        try await server.start()
        let deadline = ContinuousClock.now + .seconds(5)
        var recovered = false
        while ContinuousClock.now < deadline, !recovered {
            recovered = (try? await pool.ping()) == "PONG"
            if !recovered { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(recovered)
        #expect(await pool.statistics.state == .connected)
        await pool.shutdown()
        await server.stop()
    }

    @Test func commandTimeoutFailsInsteadOfHanging() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        var configuration = server.configuration
        configuration.commandTimeout = .milliseconds(300)
        let connection = try await RedisConnection.connect(to: configuration)
        await #expect(throws: RedisClientError.timeout(command: "BLPOP", milliseconds: 300)) {
            _ = try await connection.send(RedisCommand("BLPOP", ["never", "5"]))
        }
        #expect(!connection.isActive)
        await server.stop()
    }

    @Test func subscriberResubscribesAfterRestart() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let subscriber = RedisSubscriber(
            configuration: server.configuration,
            backoff: ReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        )
        let messages = try await subscriber.subscribe(to: "news")
        await server.stop()
        try await server.start()

        let publisher = try await RedisConnection.connect(to: server.configuration)
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, await subscriber.reconnections == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await subscriber.reconnections == 1)
        #expect(try await publisher.publish("after restart", to: "news") == 1)
        var iterator = messages.makeAsyncIterator()
        let interruption = await iterator.next()
        #expect(interruption?.kind == .interrupted)
        let notice = await iterator.next()
        #expect(notice?.kind == .resubscribed)
        #expect(notice?.channel == "news")
        let message = await iterator.next()
        #expect(message?.kind == .message)
        #expect(message?.text == "after restart")
        await subscriber.shutdown()
        await publisher.close()
        await server.stop()
    }

    @Test func connectingToNothingFailsWithTheAddress() async throws {
        let configuration = RedisConnectionConfiguration(host: "127.0.0.1", port: 1, connectTimeout: .milliseconds(500))
        let error = await #expect(throws: RedisClientError.self) { _ = try await RedisConnection.connect(to: configuration) }
        guard case .connectionFailed(let address, _) = error else {
            Issue.record("expected a connection failure, got \(String(describing: error))")
            return
        }
        #expect(address == "127.0.0.1:1")
    }
}
