import Hummingbird
import SkillHubCore

/// Slows the guessing of keys: every failed authentication (a 401 to a request that carried
/// credentials, or to token issuance) spends a token of the client address's bucket
/// (`RATE_LIMIT_AUTH_FAILURES` per `RATE_LIMIT_AUTH_FAILURES_WINDOW`); once it is empty, that
/// address's requests with credentials get 429 (1010) before the credential is even checked,
/// until the bucket refills. Requests without credentials (health, metrics) are never refused here.
struct AuthenticationFailureMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.attemptsAuthentication(request) else { return try await next(request, context) }
        let address = ClientAddress.of(request, peer: context.remoteAddress, trustedProxies: limiter.settings.trustedProxies)
        if let refusal = await limiter.authenticationGate(address: address) {
            context.logger.notice("authentication attempts refused: too many failures from this address", metadata: ["client": "\(address)"])
            return refusal.refusal(
                "too many failed authentications from this address; retry in \(refusal.retryAfterSeconds) s",
                requestID: context.requestID
            )
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as SkillHubError where error.code == .unauthorized {
            await limiter.recordAuthenticationFailure(address: address)
            throw error
        }
        if response.status == .unauthorized { await limiter.recordAuthenticationFailure(address: address) }
        return response
    }

    /// Whether the request presents a credential: `Authorization`, `X-API-Key`, or a token request.
    static func attemptsAuthentication(_ request: Request) -> Bool {
        request.headers[.authorization] != nil || request.headers[AuthenticationMiddleware.apiKeyHeader] != nil
            || RateLimitGroup(method: request.method, path: request.uri.path) == .token
    }
}
