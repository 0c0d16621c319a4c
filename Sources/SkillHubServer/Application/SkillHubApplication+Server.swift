import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

extension SkillHubApplication {
    /// HTTP/1.1 with the WebSocket upgrades; HTTPS (HTTP/2 through ALPN when on) with `tls`.
    static func server(tls: ServerTLSContext?, webSockets: WebSocketRoutes, configuration: WebSocketServerConfiguration) -> HTTPServerBuilder {
        guard let tls else { return .http1(webSockets: webSockets, configuration: configuration) }
        return .https(tls: tls, webSockets: webSockets, configuration: configuration)
    }

    /// The certificate reload on `SIGHUP`, with TLS.
    static func tlsServices(tls: ServerTLSContext?, logger: Logger) -> [any Service] {
        guard let tls else { return [] }
        return [TLSReloadService(tls: tls, logger: logger)]
    }
}
