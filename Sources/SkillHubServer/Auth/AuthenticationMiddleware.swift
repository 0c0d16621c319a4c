import HTTPTypes
import Hummingbird
import SkillHubCore

/// Authenticates a request by `Authorization: Bearer <JWT>` or, failing
/// that, `X-API-Key`; both at once must agree. Token failures say only
/// "invalid token" or "expired token".
/// A bearer credential that is not a JWT (an API key, as OpenAI- and
/// Cohere-style clients send their keys) counts as `X-API-Key`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    let apiKeys: APIKeyAuthenticator
    let tokens: TokenService
    /// The per-account buckets of the route groups (`RATE_LIMIT_*`), applied once the caller is known.
    var rateLimiter: RateLimiter? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let caller = try await authenticate(authorization: request.headers[.authorization], apiKey: request.headers[Self.apiKeyHeader])
        context.principal = caller.principal
        context.scopes = caller.scopes
        context.tokenClaims = caller.tokenClaims
        if let rateLimiter { return try await rateLimiter.limitGroup(request, context: context, next: next) }
        return try await next(request, context)
    }

    /// Who presented the credentials, and what they allow.
    struct Caller: Sendable {
        var principal: Principal
        var scopes: Set<Scope>
        /// The verified access token, when the credential was one.
        var tokenClaims: TokenClaims?
    }

    /// Checks the credentials of a request: `authorization` (`Bearer <JWT or API key>`) or, failing
    /// that, `apiKey`; 401 when neither is there or the one presented is not valid. When both are
    /// there, both must be valid and name the same caller, else 401 (conflicting credentials fail
    /// closed: a valid token never excuses an invalid key beside it, nor the other way round).
    func authenticate(authorization: String?, apiKey: String?) async throws -> Caller {
        guard let authorization else {
            guard let key = apiKey, !key.isEmpty else {
                throw SkillHubError(.unauthorized, "authentication required: send Authorization: Bearer <token> or X-API-Key")
            }
            return try await authenticate(apiKey: key)
        }
        let caller = try await authenticate(bearer: authorization)
        guard let apiKey else { return caller }
        let keyHolder: Caller
        do {
            keyHolder = try await authenticate(apiKey: apiKey)
        } catch let error as SkillHubError where error.code == .unauthorized {
            throw Self.conflictingCredentials
        }
        guard keyHolder.principal == caller.principal else { throw Self.conflictingCredentials }
        return caller
    }

    static let conflictingCredentials = SkillHubError(
        .unauthorized,
        "conflicting credentials: Authorization and X-API-Key must both be valid and name the same caller; send only one of them"
    )

    private func authenticate(bearer authorization: String) async throws -> Caller {
        switch BearerCredential(authorization) {
        case .token(let token):
            let verified = try await verify(token)
            return Caller(principal: verified.principal, scopes: verified.scopes, tokenClaims: verified.claims)
        case .apiKey(let key):
            return try await authenticate(apiKey: key)
        case nil:
            throw SkillHubError(.unauthorized, "invalid token")
        }
    }

    private func authenticate(apiKey key: String) async throws -> Caller {
        let principal = try await apiKeys.authenticate(key)
        return Caller(principal: principal, scopes: Set(principal.role.scopes))
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
