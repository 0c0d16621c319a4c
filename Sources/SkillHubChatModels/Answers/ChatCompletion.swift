/// A whole answer, and which model gave it.
public struct ChatCompletion: Sendable, Hashable {
    /// The name of the model that answered (`MODEL_NAME_N`).
    public var model: String
    /// The model id the provider reported (or the configured one).
    public var modelID: String
    /// The assistant's message: its text and tool calls.
    public var message: ChatMessage
    public var finishReason: ChatFinishReason?
    public var usage: ChatUsage?
    /// The models tried before this one, and why each failed (set by ``ChatRouter``).
    public var failedAttempts: [ChatModelAttempt]

    public init(model: String, modelID: String, message: ChatMessage, finishReason: ChatFinishReason?, usage: ChatUsage?, failedAttempts: [ChatModelAttempt] = []) {
        self.model = model
        self.modelID = modelID
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.failedAttempts = failedAttempts
    }
}
