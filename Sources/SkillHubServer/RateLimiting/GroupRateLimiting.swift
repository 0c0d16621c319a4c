import Hummingbird
import SkillHubCore

extension RateLimiter {
    /// Runs `next` under the bucket of the request's route group (``RateLimitGroup/init(method:path:)``)
    /// and the authenticated caller's account: a 429 (1010) with `Retry-After` when the bucket is
    /// empty, else the response with `RateLimit-*` headers (errors answered in the envelope too).
    /// Requests of groups that are not limited, and every request while the buckets are out of
    /// reach, go straight through.
    func limitGroup(
        _ request: Request,
        context: SkillHubRequestContext,
        next: (Request, SkillHubRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let group = RateLimitGroup(method: request.method, path: request.uri.path), group != .token,
            let principal = context.principal,
            let decision = await admit(group, subject: Self.accountSubject(principal))
        else { return try await next(request, context) }
        guard decision.allowed else {
            return decision.refusal(
                "rate limit of \(group.rawValue) requests exceeded for this account; retry in \(decision.retryAfterSeconds) s",
                requestID: context.requestID
            )
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ErrorEnvelopeMiddleware.envelope(for: error, request: request, context: context).response(requestID: context.requestID)
        }
        decision.annotate(&response)
        return response
    }

    /// Spends a token issuance of `apiKey` (after the key was found valid): the decision to
    /// annotate the answer with, nil when not limited; throws the 429 when the bucket is empty.
    func admitTokenIssuance(apiKey: String) async throws -> RateLimitDecision? {
        guard let decision = await admit(.token, subject: Self.keySubject(apiKey)) else { return nil }
        guard decision.allowed else { throw TokenIssuanceRefusal(decision: decision) }
        return decision
    }
}

/// A token request refused by its key's bucket; answered as the decision's 429 by the token route.
struct TokenIssuanceRefusal: Error {
    let decision: RateLimitDecision

    func response(requestID: String) -> Response {
        decision.refusal(
            "rate limit of token issuance exceeded for this API key; retry in \(decision.retryAfterSeconds) s",
            requestID: requestID
        )
    }
}
