import SkillHubCore
import SkillHubStorage

/// What a failed attempt of a deferred invocation means for the job: a failure no retry can mend
/// (the call is wrong: invalid input, no such skill or capability, refused) fails it at once; any
/// other (unavailable, timeout, bad gateway, an internal error, PostgreSQL out of reach) is retried.
struct DeferredFailure: Sendable {
    /// Whether retrying cannot help.
    var isPermanent: Bool
    /// What is recorded as the job's `last_error`: the code and the message.
    var message: String

    init(_ error: any Error) {
        if let error = error as? SkillHubError {
            isPermanent = Self.isPermanent(error.code)
            message = "\(error.code.rawValue): \(error.message)"
        } else if DatabaseUnavailability.matches(error) {
            isPermanent = false
            message = "\(ErrorCode.serviceUnavailable.rawValue): PostgreSQL is unavailable"
        } else {
            isPermanent = false
            message = "\(ErrorCode.internalError.rawValue): \(error)"
        }
    }

    /// The codes of a call that would fail the same way however often it were made. Any other
    /// (internal error, unavailable, rate limited, timeout, bad gateway) may pass on a later try.
    static func isPermanent(_ code: ErrorCode) -> Bool {
        switch code {
        case .invalidParameter, .unauthorized, .forbidden, .skillNotFound, .capabilityNotFound, .conflict, .payloadTooLarge, .notFound, .methodNotAllowed:
            true
        default:
            false
        }
    }
}
