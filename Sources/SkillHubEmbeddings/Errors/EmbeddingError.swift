/// Why texts could not be embedded. Each case carries a reason for people, naming the provider and what was wrong.
public enum EmbeddingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The texts cannot be embedded as given: no texts, an empty text, a text too long, or the provider refused them.
    case invalidInput(String)
    /// The provider cannot answer now: connection refused, a 5xx answer, the model not loaded (with the reason).
    case unavailable(String)
    /// The provider answered something unusable: not JSON, the wrong number of vectors, the wrong dimension.
    case badAnswer(String)
    /// The provider did not answer in time.
    case timeout(String)

    /// The reason, without the kind.
    public var reason: String {
        switch self {
        case .invalidInput(let reason), .unavailable(let reason), .badAnswer(let reason), .timeout(let reason): reason
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let reason): "invalid input: \(reason)"
        case .unavailable(let reason): "embedding provider unavailable: \(reason)"
        case .badAnswer(let reason): "bad answer from the embedding provider: \(reason)"
        case .timeout(let reason): "embedding timed out: \(reason)"
        }
    }
}
