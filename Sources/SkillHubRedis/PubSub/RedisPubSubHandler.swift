import NIOCore

/// A SUBSCRIBE or UNSUBSCRIBE of one channel, completed by the server's confirmation.
struct PubSubRequest: Sendable {
    enum Kind: String, Sendable {
        case subscribe, unsubscribe
    }

    var kind: Kind
    var channel: String
    var promise: EventLoopPromise<Void>
}

/// The handler of a connection in subscriber mode: it routes pushed
/// messages to `deliver` and completes (un)subscribe confirmations.
final class RedisPubSubHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = PubSubRequest
    typealias OutboundOut = RedisCommand

    private let deliver: @Sendable (RedisMessage) -> Void
    private var confirmations: [String: CircularBuffer<EventLoopPromise<Void>>] = [:]

    init(deliver: @escaping @Sendable (RedisMessage) -> Void) {
        self.deliver = deliver
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        confirmations[Self.key(request.kind.rawValue, request.channel), default: []].append(request.promise)
        let command = RedisCommand(request.kind.rawValue.uppercased(), [RedisArgument(request.channel)])
        context.write(wrapOutboundOut(command), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard let parts = reply.array, parts.count >= 3, let kind = parts[0].string?.lowercased(), let channel = parts[1].string else {
            if case .error(let message) = reply {
                context.fireErrorCaught(RedisClientError.serverError(message))
            }
            return
        }
        switch kind {
        case "message":
            deliver(RedisMessage(channel: channel, payload: parts[2].bytes ?? []))
        case "subscribe", "unsubscribe":
            confirmations[Self.key(kind, channel)]?.popFirst()?.succeed()
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(with: RedisClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: any Error) {
        for var queue in confirmations.values {
            while let promise = queue.popFirst() { promise.fail(error) }
        }
        confirmations.removeAll()
    }

    private static func key(_ kind: String, _ channel: String) -> String { "\(kind)\u{0}\(channel)" }
}
