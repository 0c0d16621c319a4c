import HTTPTypes
import Hummingbird
import SkillHubCore

/// Authenticates a request by `Authorization: Bearer <JWT>` or, failing
/// that, `X-API-Key`. Token failures say only "invalid token" or "expired token".
/// A bearer credential that is not a JWT (an API key, as OpenAI- and
/// Cohere-style clients send their keys) counts as `X-API-Key`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    let apiKeys: APIKeyAuthenticator
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            switch BearerCredential(authorization) {
            case .token(let token):
                let verified = try await verify(token)
                context.principal = verified.principal
                context.scopes = verified.scopes
                context.tokenClaims = verified.claims
            case .apiKey(let key):
                try await authenticate(apiKey: key, into: &context)
            case nil:
                throw SkillHubError(.unauthorized, "invalid token")
            }
        } else if let key = request.headers[Self.apiKeyHeader], !key.isEmpty {
            try await authenticate(apiKey: key, into: &context)
        } else {
            throw SkillHubError(.unauthorized, "authentication required: send Authorization: Bearer <token> or X-API-Key")
        }
        return try await next(request, context)
    }

    private func authenticate(apiKey key: String, into context: inout Context) async throws {
        let principal = try await apiKeys.authenticate(key)
        context.principal = principal
        context.scopes = Set(principal.role.scopes)
    }

    private func verify(_ token: String) async throws -> VerifiedToken {
        do {
            return try await tokens.verify(token)
        } catch .expired {
            throw SkillHubError(.unauthorized, "expired token")
        } catch {
            throw SkillHubError(.unauthorized, "invalid token")
        }
    }
}

extension SkillHubRequestContext {
    /// The authenticated caller; a route behind authentication always has one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw SkillHubError(.unauthorized, "authentication required") }
        return principal
    }

    /// Fails with 403 unless the caller's credentials carry `scope`.
    func require(_ scope: Scope) throws {
        guard scopes.contains(scope) else { throw SkillHubError(.forbidden, "missing scope \(scope.rawValue)") }
    }
}
