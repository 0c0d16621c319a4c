/// Which model answered a streamed request, and which failed before it.
public struct ChatStreamOutcome: Sendable {
    /// The name of the model that answered.
    public let model: String
    /// The provider's model id.
    public let modelID: String
    /// The models tried before it, and why each failed.
    public let failedAttempts: [ChatModelAttempt]
}
