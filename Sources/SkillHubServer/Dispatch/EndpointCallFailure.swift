import SkillHubCore

/// Why one attempt on one endpoint failed, and whether another endpoint may be tried.
struct EndpointCallFailure: Error, Sendable {
    /// When another endpoint may be tried after this failure.
    enum Retry: Sendable {
        /// The request never reached the endpoint (connection refused, plugin not running): always safe.
        case always
        /// The endpoint may have acted on it (5xx, per-try timeout): only for idempotent capabilities.
        case ifIdempotent
        /// The input or capability is at fault: another endpoint would answer the same.
        case never
    }

    var error: SkillHubError
    var retry: Retry

    /// Whether the failure counts against the endpoint for outlier ejection.
    var isEndpointFault: Bool { retry != .never }

    func allowsRetry(idempotent: Bool) -> Bool {
        switch retry {
        case .always: true
        case .ifIdempotent: idempotent
        case .never: false
        }
    }

    static func unreached(_ code: ErrorCode, _ message: String) -> EndpointCallFailure {
        EndpointCallFailure(error: SkillHubError(code, message), retry: .always)
    }

    static func failed(_ code: ErrorCode, _ message: String) -> EndpointCallFailure {
        EndpointCallFailure(error: SkillHubError(code, message), retry: .ifIdempotent)
    }

    static func final(_ code: ErrorCode, _ message: String) -> EndpointCallFailure {
        EndpointCallFailure(error: SkillHubError(code, message), retry: .never)
    }
}
