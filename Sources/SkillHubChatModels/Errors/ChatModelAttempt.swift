/// A model that was tried and failed, and why.
public struct ChatModelAttempt: Sendable, Hashable {
    /// The model's name.
    public var model: String
    public var error: ChatModelError
    /// How long the try took.
    public var duration: Duration

    public init(model: String, error: ChatModelError, duration: Duration) {
        self.model = model
        self.error = error
        self.duration = duration
    }
}
