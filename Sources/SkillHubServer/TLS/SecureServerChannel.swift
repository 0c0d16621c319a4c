import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP2
import NIOSSL

/// The server's connections over TLS (`USE_SSL`): a TLS handler with the current context of
/// ``ServerTLSContext`` (so a reloaded certificate applies to new connections), then — when HTTP/2
/// is on and the client chose `h2` through ALPN — Hummingbird's HTTP/2 channel; otherwise HTTP/1.1
/// with SkillHub's WebSocket upgrades (``WebSocketUpgradeChannel``), as without TLS.
///
/// Hummingbird's own `HTTP2UpgradeChannel` is not used: it fixes its TLS context when built (no
/// reload) and its HTTP/1.1 side has no WebSocket upgrades.
struct SecureServerChannel: ServerChildChannel, HTTPChannelHandler {
    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<NIONegotiatedHTTPVersion<WebSocketUpgradeChannel.Value, HTTP2Channel.Value>>
        let channel: any Channel
    }

    let tls: ServerTLSContext
    let http1: WebSocketUpgradeChannel
    let http2: HTTP2Channel?

    var responder: HTTPChannelHandler.Responder { http1.responder }

    init(tls: ServerTLSContext, http1: WebSocketUpgradeChannel) {
        self.tls = tls
        self.http1 = http1
        self.http2 = tls.settings.http2 ? HTTP2Channel(responder: http1.responder) : nil
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.sslContext))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        guard let http2 else {
            return http1.setup(channel: channel, logger: logger).map { value in
                Value(negotiated: channel.eventLoop.makeSucceededFuture(.http1_1(value)), channel: channel)
            }
        }
        return channel.configureHTTP2AsyncSecureUpgrade { channel in
            http1.setup(channel: channel, logger: logger)
        } http2ConnectionInitializer: { channel in
            http2.setup(channel: channel, logger: logger)
        }.map { negotiated in
            Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http1_1(let connection):
                await http1.handle(value: connection, logger: logger)
            case .http2(let connection):
                if let http2 { await http2.handle(value: connection, logger: logger) }
            }
        } catch {
            logger.debug("TLS connection ended before its protocol was settled", metadata: ["error": "\(error)"])
        }
    }
}

extension HTTPServerBuilder {
    /// HTTPS: TLS from `tls`, HTTP/2 when it is on, HTTP/1.1 with the WebSocket upgrades of `routes`.
    static func https(tls: ServerTLSContext, webSockets routes: WebSocketRoutes, configuration: WebSocketServerConfiguration) -> HTTPServerBuilder {
        .init { responder in
            SecureServerChannel(
                tls: tls,
                http1: WebSocketUpgradeChannel(responder: responder, routes: routes, http1: HTTP1Channel.Configuration(), webSocket: configuration)
            )
        }
    }
}
