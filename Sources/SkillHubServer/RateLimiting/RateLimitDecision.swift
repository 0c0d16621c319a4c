import Foundation
import HTTPTypes
import Hummingbird
import SkillHubCore

/// What a bucket said about one request: let through or not, and the `RateLimit-*` headers
/// (draft-ietf-httpapi-ratelimit-headers) that tell the client where it stands.
struct RateLimitDecision: Sendable, Equatable {
    var allowed: Bool
    /// The bucket's size (`RateLimit-Limit`).
    var limit: Int
    /// Requests left now (`RateLimit-Remaining`).
    var remaining: Int
    /// Seconds until the bucket is full again (`RateLimit-Reset`).
    var resetSeconds: Int
    /// Seconds until the next request is allowed (`Retry-After` of a 429).
    var retryAfterSeconds: Int
    /// `RateLimit-Policy`: `limit;w=window` with the rule's average rate.
    var policy: String

    init(state: TokenBucketState, rule: RateLimitRule) {
        allowed = state.allowed
        limit = rule.burst
        remaining = state.remaining
        resetSeconds = Self.seconds(state.resetMilliseconds)
        retryAfterSeconds = max(1, Self.seconds(state.retryAfterMilliseconds))
        policy = "\(rule.limit);w=\(rule.windowSeconds)"
    }

    private static func seconds(_ milliseconds: Int) -> Int { (max(0, milliseconds) + 999) / 1000 }

    static let limitHeader = HTTPField.Name("RateLimit-Limit")!
    static let remainingHeader = HTTPField.Name("RateLimit-Remaining")!
    static let resetHeader = HTTPField.Name("RateLimit-Reset")!
    static let policyHeader = HTTPField.Name("RateLimit-Policy")!

    /// Adds the `RateLimit-*` headers to `response`.
    func annotate(_ response: inout Response) {
        response.headers[Self.limitHeader] = String(limit)
        response.headers[Self.remainingHeader] = String(remaining)
        response.headers[Self.resetHeader] = String(resetSeconds)
        response.headers[Self.policyHeader] = policy
    }

    /// The 429 (1010) of a refused request, in the envelope, with `Retry-After` and the headers.
    func refusal(_ message: String, requestID: String) -> Response {
        var response = SkillHubError.rateLimited(message, retryAfterSeconds: retryAfterSeconds).response(requestID: requestID)
        annotate(&response)
        return response
    }
}

extension SkillHubError {
    /// A 429 (1010) whose `details.retry_after_seconds` becomes `Retry-After`.
    static func rateLimited(_ message: String, retryAfterSeconds: Int) -> SkillHubError {
        SkillHubError(.rateLimited, message, details: ["retry_after_seconds": .number(Double(retryAfterSeconds))])
    }
}
