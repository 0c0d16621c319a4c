public import SkillHubCore

/// What to ask a chat model. The router picks the model by ``model``; the providers send their own model id.
public struct ChatRequest: Sendable, Hashable {
    /// The name of the model to use (`MODEL_NAME_N`); nil for the default model.
    public var model: String?
    public var messages: [ChatMessage]
    /// OpenAI's tool definitions (`{type: "function", function: {name, description, parameters}}`), passed through
    /// (Ollama takes the same shape).
    public var tools: [JSONValue]?
    /// OpenAI's `tool_choice`, passed through (not sent to Ollama, which has none).
    public var toolChoice: JSONValue?
    public var temperature: Double?
    public var topP: Double?
    /// The most tokens to generate (`max_tokens`; Ollama's `options.num_predict`).
    public var maxTokens: Int?
    public var stop: [String]?
    /// Further members of the request body, passed through as they are (never replacing the ones above).
    public var extra: [String: JSONValue]

    public init(
        model: String? = nil, messages: [ChatMessage], tools: [JSONValue]? = nil, toolChoice: JSONValue? = nil, temperature: Double? = nil,
        topP: Double? = nil, maxTokens: Int? = nil, stop: [String]? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.extra = extra
    }
}
