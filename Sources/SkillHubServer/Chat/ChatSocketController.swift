import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import SkillHubCore

/// Seed 003's chat WebSocket, `ws://HOST:8000/ws/{client_id}`: messages answered by the `chat`
/// skill in the session of the client (or of the message's `session_id`), streamed as they are
/// generated (``ChatSocketConnection``, frames in ``ChatSocketFrames``).
///
/// The upgrade request authenticates like any route — `Authorization: Bearer …` or `X-API-Key` —
/// or, since browsers cannot set headers on a WebSocket, with `?token=` (a token or an API key) or
/// `?api_key=`; scope `skills:invoke`. A refused upgrade is answered by the route at the same path
/// in the error envelope (401, 403, or 400 for a bad client id or a request that is no upgrade).
struct ChatSocketController: Sendable {
    let chat: SessionChat
    let authentication: AuthenticationMiddleware
    /// The largest message a client may send (`SKILLHUB_MAX_BODY_BYTES`); a larger one closes the socket (1009).
    let maxMessageBytes: Int
    static let prefix = "/ws/"

    func addRoutes(to router: Router<SkillHubRequestContext>, webSockets: WebSocketRoutes) {
        webSockets.add(prefix: Self.prefix) { request, logger in await self.accept(request, logger: logger) }
        router.get("/ws/:client_id") { request, context in try await self.refuse(request, context) }
    }

    /// The connection's handler, for an upgrade that names a client and carries good credentials.
    func accept(_ request: HTTPRequest, logger: Logger) async -> WebSocketDataHandler<WebSocketConnectionContext>? {
        let uri = URI(request.path ?? "")
        guard let clientID = try? Self.clientID(in: uri.path),
              let caller = try? await caller(of: request.headerFields, uri: uri), caller.scopes.contains(.skillsInvoke)
        else { return nil }
        let connection = ChatSocketConnection(chat: chat, clientID: clientID, principal: caller.principal, maxMessageBytes: maxMessageBytes)
        return { inbound, outbound, context in
            try await connection.run(inbound: inbound, outbound: outbound, logger: context.logger)
        }
    }

    /// The answer to a request at the socket's path that was not upgraded: why, in the envelope.
    func refuse(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        let failure: SkillHubError
        do {
            let caller = try await caller(of: request.headers, uri: request.uri)
            guard caller.scopes.contains(.skillsInvoke) else { throw SkillHubError(.forbidden, "missing scope \(Scope.skillsInvoke.rawValue)") }
            _ = try Self.clientID(in: request.uri.path)
            failure = SkillHubError(.invalidParameter, "GET /ws/{client_id} is a WebSocket: open it with an upgrade request (Upgrade: websocket) on a new connection")
        } catch let error as SkillHubError {
            failure = error
        }
        var response = failure.response(requestID: context.requestID)
        // A refused upgrade's connection closes after this answer (WebSocketUpgradeChannel).
        if request.headers[.upgrade] != nil { response.headers[.connection] = "close" }
        return response
    }

    /// The credentials of the headers, else of the query (`token`, `api_key`).
    private func caller(of headers: HTTPFields, uri: URI) async throws -> AuthenticationMiddleware.Caller {
        let (authorization, apiKey) = (headers[.authorization], headers[AuthenticationMiddleware.apiKeyHeader])
        if authorization != nil || apiKey != nil {
            return try await authentication.authenticate(authorization: authorization, apiKey: apiKey)
        }
        let query = uri.queryParameters
        return try await authentication.authenticate(
            authorization: query["token"].map { "Bearer \($0)" }, apiKey: query["api_key"].map(String.init)
        )
    }

    /// The client id of `/ws/{client_id}` (percent-decoded): 1–128 characters.
    static func clientID(in path: String) throws -> String {
        let encoded = path.dropFirst(prefix.count)
        guard path.hasPrefix(prefix), !encoded.contains("/"), let id = String(encoded).removingPercentEncoding, (1...128).contains(id.count) else {
            throw SkillHubError.invalidFields([FieldError(field: "client_id", message: "must be 1 to 128 characters")])
        }
        return id
    }
}
