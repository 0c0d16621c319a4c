import NIOCore

/// A command and the promise its reply completes.
struct RedisRequest: Sendable {
    var command: RedisCommand
    var promise: EventLoopPromise<RESPValue>
}

/// Matches replies to requests in order, which makes pipelining free:
/// requests may be written back to back and replies complete them FIFO.
final class RedisCommandHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = RedisCommand

    static let name = "redis.commands"

    private var pending = CircularBuffer<EventLoopPromise<RESPValue>>()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending.append(request.promise)
        context.write(wrapOutboundOut(request.command), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard let promise = pending.popFirst() else {
            context.fireErrorCaught(RedisClientError.protocolError("a reply arrived with no command waiting for it"))
            return
        }
        promise.succeed(reply)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failPending(with: RedisClientError.connectionClosed)
        context.fireChannelInactive()
    }

    /// Closes the connection, then fails what was pending with `error`, so a
    /// caller that sees the error also sees the connection closed.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failed = pending
        pending.removeAll()
        context.close(promise: nil)
        // A socket error (ECONNRESET when redis-server is killed) means the connection is gone: callers get
        // the client's own error for that, which they take as Redis out of reach (503), not a raw IOError (500).
        let reported: any Error = error is IOError ? RedisClientError.connectionClosed : error
        for promise in failed { promise.fail(reported) }
    }

    private func failPending(with error: any Error) {
        while let promise = pending.popFirst() {
            promise.fail(error)
        }
    }
}
