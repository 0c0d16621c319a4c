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

    /// Whether this failure spent the call's deadline: a timeout of an attempt that had all the time
    /// left (no shorter per-try timeout bound it). Another attempt would get nothing: it would fail at
    /// once, named after, and counted against, an endpoint that never had a chance.
    func spentDeadline(perTryTimeout: Duration?, timeLeftAtStart: Duration) -> Bool {
        error.code == .timeout && (perTryTimeout.map { $0 >= timeLeftAtStart } ?? true)
    }

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
