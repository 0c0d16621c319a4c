import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers

/// The server's WebSocket endpoints, by path prefix. For an upgrade request, the endpoint under
/// its path decides: a handler for the connection, or nil — and then the request goes to the
/// router like any other, whose route at that path answers the refusal in the error envelope
/// (401 for missing credentials, say). Filled in while the router is built.
final class WebSocketRoutes: Sendable {
    /// The handler of an accepted connection, given the upgrade request; nil refuses it.
    typealias Accept = @Sendable (HTTPRequest, Logger) async -> WebSocketDataHandler<WebSocketConnectionContext>?

    private let routes = NIOLockedValueBox<[(prefix: String, accept: Accept)]>([])

    /// Adds the endpoint of the paths that start with `prefix`.
    func add(prefix: String, _ accept: @escaping Accept) {
        routes.withLockedValue { $0.append((prefix, accept)) }
    }

    /// The handler for an upgrade request, when an endpoint takes it.
    func accept(_ request: HTTPRequest, logger: Logger) async -> WebSocketDataHandler<WebSocketConnectionContext>? {
        guard request.method == .get, let path = request.path,
              let route = routes.withLockedValue({ $0.first { path.hasPrefix($0.prefix) } })
        else { return nil }
        return await route.accept(request, logger)
    }
}

/// What a WebSocket handler gets besides the socket.
struct WebSocketConnectionContext: WebSocketContext {
    let logger: Logger
}
