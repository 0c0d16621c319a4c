/// Tokens counted by the provider (OpenAI's `usage`, Ollama's `prompt_eval_count` and `eval_count`).
public struct ChatUsage: Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    public var totalTokens: Int { promptTokens + completionTokens }
}
