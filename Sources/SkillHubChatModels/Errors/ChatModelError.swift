/// Why a chat model gave no (whole) answer. ``isRetryable`` tells what the router may answer with the next model
/// of a fallback list: a connection that failed, a timeout, 408, 429 or a 5xx status, before any token.
public enum ChatModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No model has that name.
    case unknownModel(String)
    /// The request cannot be sent as given (tool call arguments that are not JSON for Ollama, no messages).
    case invalidRequest(String)
    /// The provider could not be reached, or closed the connection before answering. Retryable.
    case unreachable(model: String, reason: String)
    /// The provider did not begin answering in time, or fell silent. Retryable.
    case timeout(model: String, reason: String)
    /// The provider answered an error status with its message. Retryable for 408, 429 and 5xx; final for the others
    /// (a 400 is the request's fault and would fail on any model).
    case upstream(model: String, status: Int, message: String)
    /// The provider answered something unusable (not JSON, the wrong shape). Final.
    case badAnswer(model: String, reason: String)
    /// The stream broke after the answer had begun: never retried, the tokens are out. Final.
    case interrupted(model: String, reason: String)
    /// Every model of the fallback chain failed, in order; the last one's error decides ``isRetryable``.
    case allModelsFailed([ChatModelAttempt])

    /// Whether another model (or a later try) may succeed.
    public var isRetryable: Bool {
        switch self {
        case .unreachable, .timeout: true
        case .upstream(_, let status, _): Self.isRetryable(status: status)
        case .unknownModel, .invalidRequest, .badAnswer, .interrupted: false
        case .allModelsFailed(let attempts): attempts.last?.error.isRetryable ?? false
        }
    }

    /// The statuses worth another model: 408, 429, 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// The upstream's HTTP status, when it answered one (the last attempt's for ``allModelsFailed(_:)``).
    public var upstreamStatus: Int? {
        switch self {
        case .upstream(_, let status, _): status
        case .allModelsFailed(let attempts): attempts.last?.error.upstreamStatus
        default: nil
        }
    }

    /// The name of the model that failed (the last one for ``allModelsFailed(_:)``).
    public var model: String? {
        switch self {
        case .unknownModel, .invalidRequest: nil
        case .unreachable(let model, _), .timeout(let model, _), .upstream(let model, _, _), .badAnswer(let model, _), .interrupted(let model, _): model
        case .allModelsFailed(let attempts): attempts.last?.model
        }
    }

    public var description: String {
        switch self {
        case .unknownModel(let name): "unknown model '\(name)'"
        case .invalidRequest(let reason): "invalid chat request: \(reason)"
        case .unreachable(let model, let reason): "model '\(model)' unreachable: \(reason)"
        case .timeout(let model, let reason): "model '\(model)' timed out: \(reason)"
        case .upstream(let model, let status, let message): "model '\(model)' answered \(status): \(message)"
        case .badAnswer(let model, let reason): "model '\(model)' answered something unusable: \(reason)"
        case .interrupted(let model, let reason): "model '\(model)' stopped mid-answer: \(reason)"
        case .allModelsFailed(let attempts): "every model failed: " + attempts.map { "\($0.error)" }.joined(separator: "; ")
        }
    }
}
