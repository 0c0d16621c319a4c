/// Why a `rerank` or `fuse` call, or the engine's start, failed.
///
/// The plugin glue maps each case to a SkillKit status: `invalidInput` and
/// `invalidConfiguration` to invalid input, `unsupported` to unsupported, and
/// `providerFailed` / `providerUnreachable` to unavailable.
public enum RerankError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The caller's input is malformed or out of bounds.
    case invalidInput(String)
    /// A configuration key holds a value the engine cannot use.
    case invalidConfiguration(String)
    /// The configured provider cannot do this. (No provider raises it today: `rerank_type` `rrf` no longer
    /// refuses `rerank` but scores locally.)
    case unsupported(String)
    /// The provider answered, but not with a usable result (non-2xx, bad JSON, an error code).
    case providerFailed(provider: String, message: String)
    /// The provider could not be reached; `underlying` is the transport's error, kept for its status.
    case providerUnreachable(provider: String, underlying: String)

    public var description: String {
        switch self {
        case .invalidInput(let message), .unsupported(let message):
            message
        case .invalidConfiguration(let message):
            "configuration: \(message)"
        case .providerFailed(let provider, let message):
            "rerank provider \(provider) failed: \(message)"
        case .providerUnreachable(let provider, let underlying):
            "rerank provider \(provider) is unreachable: \(underlying)"
        }
    }
}
