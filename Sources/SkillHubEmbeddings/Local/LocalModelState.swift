/// Where the local model is, for readiness and status pages.
public enum LocalModelState: Sendable, Hashable, CustomStringConvertible {
    /// The engine and model are being loaded in the background; calls wait for them.
    case loading
    /// The model answers.
    case ready
    /// Loading failed; every call fails with ``EmbeddingError/unavailable(_:)`` and this reason.
    case failed(String)

    public var description: String {
        switch self {
        case .loading: "loading"
        case .ready: "ready"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}
