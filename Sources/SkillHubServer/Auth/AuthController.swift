import Foundation
import Hummingbird
import SkillHubCore

/// `POST /api/v1/auth/token` (API key → JWT) and `POST /api/v1/auth/revoke`.
struct AuthController: Sendable {
    let apiKeys: APIKeyAuthenticator
    let tokens: TokenService
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.post("/api/v1/auth/token") { request, context in try await self.token(request, context) }
        router.group("/api/v1/auth").add(middleware: authentication)
            .post("/revoke") { _, context in try await self.revoke(context) }
    }

    struct TokenRequest: Decodable {
        var apiKey: String

        enum CodingKeys: String, CodingKey { case apiKey = "api_key" }
    }

    struct TokenResponse: Encodable {
        var accessToken: String
        var tokenType = "bearer"
        var expiresIn: Int
        var scope: String

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
            case expiresIn = "expires_in"
            case scope
        }
    }

    /// Exchanges the API key in `X-API-Key` (or the body's `api_key`) for an access token.
    func token(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        let key: String
        let hasBody = request.headers[.contentType] != nil && (request.headers[.contentLength].flatMap(Int.init) ?? 1) > 0
        if let header = request.headers[AuthenticationMiddleware.apiKeyHeader], !header.isEmpty {
            key = header
        } else if hasBody {
            key = try await StrictJSONBody.decode(TokenRequest.self, allowedKeys: ["api_key"], from: request, context: context).apiKey
        } else {
            throw SkillHubError(.unauthorized, "missing API key: send it in the X-API-Key header or as {\"api_key\": …}")
        }
        let principal = try await apiKeys.authenticate(key)
        let limit: RateLimitDecision?
        do {
            limit = try await authentication.rateLimiter?.admitTokenIssuance(apiKey: key)
        } catch let refusal as TokenIssuanceRefusal {
            return refusal.response(requestID: context.requestID)
        }
        let issued = try await tokens.issue(for: principal)
        let body = TokenResponse(accessToken: issued.token, expiresIn: issued.expiresIn, scope: issued.scopes.map(\.rawValue).joined(separator: " "))
        var response = try JSONResponses.response(body)
        limit?.annotate(&response)
        return response
    }

    /// Revokes the presented access token at once.
    func revoke(_ context: SkillHubRequestContext) async throws -> Response {
        guard let claims = context.tokenClaims else {
            throw SkillHubError.invalidField(
                "Authorization", "must carry the access token to revoke (an API key is not revoked here)",
                message: "revoke needs the token to revoke in Authorization: Bearer"
            )
        }
        try await tokens.revoke(claims)
        return Response(status: .noContent)
    }
}
