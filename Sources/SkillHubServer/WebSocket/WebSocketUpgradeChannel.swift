import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
@_spi(WSInternal) import WSCore

/// HTTP/1.1 with WebSocket upgrades: an upgrade request that a ``WebSocketRoutes`` endpoint
/// accepts becomes a WebSocket; every other request — a refused upgrade included — is answered
/// by the router as usual. (hummingbird-websocket's own channel answers a refused upgrade with an
/// empty 400 and closes; here the route at that path answers it, in the error envelope, and the
/// connection closes after that answer.)
struct WebSocketUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    /// How a connection went on after its first request head.
    enum Negotiated: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, WebSocketDataHandler<WebSocketConnectionContext>)
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// A first request that asked for an upgrade none took (no endpoint accepted it, or another
        /// protocol), and that request (nil when it did not convert): it is answered, then the
        /// connection closes. NIO's upgrade handler does not pass such a request on, and the HTTP
        /// decoder parses nothing after a request that asked for an upgrade.
        case refusedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, HTTPRequest?)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let routes: WebSocketRoutes
    let http1: HTTP1Channel.Configuration
    let webSocket: WebSocketServerConfiguration

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let accepted = NIOLockedValueBox<WebSocketDataHandler<WebSocketConnectionContext>?>(nil)
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: webSocket.maxFrameSize,
                shouldUpgrade: { [routes] channel, head in
                    let request = try? HTTPRequest(head, secure: false, splitCookie: false)
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        guard let request, let handler = await routes.accept(request, logger: logger) else { return nil }
                        accepted.withLockedValue { $0 = handler }
                        return HTTPHeaders()
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let handler = accepted.withLockedValue({ $0 }) else { throw ChannelError.inappropriateOperationForState }
                        let socket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        return .webSocket(socket, handler)
                    }
                }
            )
            let first = FirstRequestHead()
            let upgrades = NIOTypedHTTPServerUpgradeConfiguration<Negotiated>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { [http1] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandlers(http1.additionalChannelHandlers())
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger)
                        )
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        guard let head = first.head, !head.headers[canonicalForm: "upgrade"].isEmpty else { return .http(http) }
                        return .refusedUpgrade(http, try? HTTPRequest(head, secure: false, splitCookie: false))
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<Negotiated>(upgradeConfiguration: upgrades)
            configuration.enablePipelining = false  // NIOAsyncChannel serialises the requests
            configuration.enableErrorHandling = false  // Hummingbird handles errors
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validates
            configuration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            configuration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            configuration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            let upgradeHandler = try channel.pipeline.syncOperations.handler(type: NIOTypedHTTPServerUpgradeHandler<Negotiated>.self)
            try channel.pipeline.syncOperations.addHandler(first, position: .before(upgradeHandler))
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refusedUpgrade(let http, let request):
                try await http.executeThenClose { _, outbound in
                    guard let request else {
                        try await outbound.write(contentsOf: [.head(HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])), .end(nil)])
                        return
                    }
                    try await responder(Request(head: request, body: RequestBody(buffer: ByteBuffer())), ResponseWriter(outbound: outbound), value.channel)
                }
            case .webSocket(let socket, let handler):
                _ = try await WebSocketHandler.handle(
                    type: .server,
                    configuration: .init(
                        extensions: [], autoPing: webSocket.autoPing, closeTimeout: webSocket.closeTimeout,
                        validateUTF8: webSocket.validateUTF8, maxFrameSize: webSocket.maxFrameSize
                    ),
                    asyncChannel: socket, context: WebSocketConnectionContext(logger: logger), handler: handler
                )
            }
        } catch {
            logger.debug("connection ended with an error", metadata: ["error": "\(error)"])
        }
    }
}

/// Keeps the head of a connection's first request (then leaves the pipeline): NIO's upgrade
/// handler drops the head of an upgrade request that it does not upgrade.
private final class FirstRequestHead: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let box = NIOLockedValueBox<HTTPRequestHead?>(nil)

    var head: HTTPRequestHead? { box.withLockedValue { $0 } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Kept before it goes on: the upgrade handler may decide at once.
        guard case .head(let head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        box.withLockedValue { $0 = head }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the WebSocket upgrades of `routes` (see ``WebSocketUpgradeChannel``).
    static func http1(webSockets routes: WebSocketRoutes, configuration: WebSocketServerConfiguration) -> HTTPServerBuilder {
        .init { responder in
            WebSocketUpgradeChannel(responder: responder, routes: routes, http1: HTTP1Channel.Configuration(), webSocket: configuration)
        }
    }
}
