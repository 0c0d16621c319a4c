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
        if let key = Self.bearerAPIKey(in: request.headers[.authorization]) {
            let principal = try await apiKeys.authenticate(key)
            context.principal = principal
            context.scopes = Set(principal.role.scopes)
        } else if let authorization = request.headers[.authorization] {
            let claims = try await verify(authorization: authorization)
            context.principal = claims.principal
            context.scopes = claims.scopes
            context.tokenClaims = claims
        } else if let key = request.headers[Self.apiKeyHeader], !key.isEmpty {
            let principal = try await apiKeys.authenticate(key)
            context.principal = principal
            context.scopes = Set(principal.role.scopes)
        } else {
            throw SkillHubError(.unauthorized, "authentication required: send Authorization: Bearer <token> or X-API-Key")
        }
        return try await next(request, context)
    }

    /// The API key in `Authorization: Bearer …`, if it holds one: any credential
    /// that is not shaped like a JWT (three dot-separated parts).
    static func bearerAPIKey(in authorization: String?) -> String? {
        guard let parts = authorization?.split(separator: " ", maxSplits: 1), parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        guard !credential.isEmpty, credential.split(separator: ".", omittingEmptySubsequences: false).count != 3 else { return nil }
        return credential
    }

    private func verify(authorization: String) async throws -> TokenClaims {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw SkillHubError(.unauthorized, "invalid token")
        }
        do {
            return try await tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces))
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
