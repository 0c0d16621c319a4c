import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Receives pub/sub messages on a dedicated connection.
///
/// Each ``subscribe(to:)`` returns an async sequence of that channel's
/// messages; ending the iteration unsubscribes. When the connection drops,
/// the subscriber reconnects with back-off and subscribes again to every
/// channel still wanted. Messages published while it is disconnected are lost
/// (Redis pub/sub keeps none).
public actor RedisSubscriber: Service {
    public typealias Subscription = AsyncStream<RedisMessage>

    private typealias Listeners = [String: [UUID: Subscription.Continuation]]

    public let configuration: RedisConnectionConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let listeners = NIOLockedValueBox<Listeners>([:])
    private var channel: (any Channel)?
    private var backoff: ReconnectBackoff
    private var isReconnecting = false
    private var isShutdown = false
    /// How many times the connection has been re-established after a loss.
    public private(set) var reconnections = 0

    public init(
        configuration: RedisConnectionConfiguration,
        backoff: ReconnectBackoff = ReconnectBackoff(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "skillhub.redis.pubsub")
    ) {
        self.configuration = configuration
        self.backoff = backoff
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Subscribes to `channelName`; returns once Redis has confirmed it.
    public func subscribe(to channelName: String) async throws -> Subscription {
        guard !isShutdown else { throw RedisClientError.shutdown }
        let id = UUID()
        let (stream, continuation) = Subscription.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let isFirst = listeners.withLockedValue { listeners in
            let isFirst = listeners[channelName, default: [:]].isEmpty
            listeners[channelName, default: [:]][id] = continuation
            return isFirst
        }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeListener(id, from: channelName) }
        }
        if isFirst {
            do {
                try await send(.subscribe, channelName, on: try await connectedChannel())
            } catch {
                listeners.withLockedValue { $0[channelName]?[id] = nil }
                continuation.finish()
                throw error
            }
        }
        return stream
    }

    /// Subscribes to `channelName`, retrying with back-off (100 ms doubling to
    /// 5 s) while Redis cannot be reached; nil when the task is cancelled first.
    public func subscribeRetrying(to channelName: String, logger: Logger) async -> Subscription? {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                return try await subscribe(to: channelName)
            } catch {
                logger.warning("cannot subscribe yet; retrying", metadata: ["channel": "\(channelName)", "error": "\(error)", "retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        return nil
    }

    /// Waits for graceful shutdown, then closes the connection and ends every subscription.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    public func shutdown() async {
        isShutdown = true
        let continuations = listeners.withLockedValue { listeners in
            defer { listeners.removeAll() }
            return listeners.values.flatMap(\.values)
        }
        continuations.forEach { $0.finish() }
        try? await channel?.close()
        channel = nil
    }

    private func removeListener(_ id: UUID, from channelName: String) async {
        let wasLast = listeners.withLockedValue { listeners in
            listeners[channelName]?[id] = nil
            guard listeners[channelName]?.isEmpty == true else { return false }
            listeners[channelName] = nil
            return true
        }
        if wasLast, let channel, channel.isActive {
            try? await send(.unsubscribe, channelName, on: channel)
        }
    }

    private func connectedChannel() async throws -> any Channel {
        if let channel, channel.isActive { return channel }
        let connection = try await RedisConnection.connect(to: configuration, on: eventLoopGroup)
        let listeners = self.listeners
        let channel = connection.channel
        try await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            let commandHandler = try pipeline.handler(type: RedisCommandHandler.self)
            pipeline.removeHandler(commandHandler, promise: nil)
            try pipeline.addHandler(RedisPubSubHandler { message in
                let targets = listeners.withLockedValue { $0[message.channel].map { Array($0.values) } ?? [] }
                for continuation in targets { continuation.yield(message) }
            })
        }.get()
        channel.closeFuture.whenComplete { [weak self] _ in
            Task { await self?.connectionLost(channel) }
        }
        self.channel = channel
        return channel
    }

    /// Tells every listener of `channels` that the connection was lost (`.interrupted`) or is back (`.resubscribed`).
    private func announce(_ kind: RedisMessage.Kind, to channels: [String]) {
        let targets = listeners.withLockedValue { listeners in
            channels.flatMap { name in (listeners[name]?.values).map { Array($0) }.map { $0.map { (name, $0) } } ?? [] }
        }
        for (name, continuation) in targets {
            continuation.yield(RedisMessage(channel: name, payload: [], kind: kind))
        }
    }

    private func send(_ kind: PubSubRequest.Kind, _ channelName: String, on channel: any Channel) async throws {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(PubSubRequest(kind: kind, channel: channelName, promise: promise), promise: nil)
        let timeout = RedisClientError.timeout(command: kind.rawValue.uppercased(), milliseconds: Int(configuration.commandTimeout.milliseconds))
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(configuration.commandTimeout.milliseconds)) {
            promise.fail(timeout)
        }
        defer { timer.cancel() }
        try await promise.futureResult.get()
    }

    private func connectionLost(_ lost: any Channel) async {
        guard channel === lost else { return }
        channel = nil
        guard !isShutdown, !isReconnecting else { return }
        isReconnecting = true
        defer { isReconnecting = false }
        logger.warning("Redis pub/sub connection lost; reconnecting", metadata: ["address": "\(configuration.address)"])
        announce(.interrupted, to: listeners.withLockedValue { Array($0.keys) })
        while !isShutdown {
            let wanted = listeners.withLockedValue { Array($0.keys) }
            if wanted.isEmpty { return }
            do {
                let channel = try await connectedChannel()
                for name in wanted {
                    try await send(.subscribe, name, on: channel)
                }
                backoff.recordSuccess()
                reconnections += 1
                announce(.resubscribed, to: wanted)
                logger.info("Redis pub/sub resubscribed", metadata: ["channels": "\(wanted.count)"])
                return
            } catch {
                backoff.recordFailure(String(describing: error), at: .now)
                try? await Task.sleep(for: backoff.currentDelay)
            }
        }
    }
}
