import SkillKit

/// The `chat` skill's settings (`default_config`, overlaid by the host's environment).
struct ChatConfiguration: Sendable {
    /// The prompt's budget in estimated tokens (`chat_context_tokens`: the model's context).
    var contextTokens: Int
    /// Tokens kept free for the answer (`chat_answer_tokens`).
    var answerTokens: Int
    /// How many earlier messages of a session are read before trimming (`chat_history_messages`).
    var historyMessages: Int
    /// The longest message taken (`chat_max_message_chars`).
    var maxMessageCharacters: Int

    init(_ values: [String: JSONValue]) throws {
        func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
            let value = values[key]?.intValue ?? values[key]?.stringValue.flatMap { Int($0) }
            guard let value, range.contains(value) else {
                throw SkillError(.invalidInput, "\(key) must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        contextTokens = try integer("chat_context_tokens", 256...10_000_000)
        answerTokens = try integer("chat_answer_tokens", 16...1_000_000)
        historyMessages = try integer("chat_history_messages", 0...10_000)
        maxMessageCharacters = try integer("chat_max_message_chars", 1...10_000_000)
        guard answerTokens < contextTokens else { throw SkillError(.invalidInput, "chat_answer_tokens must be less than chat_context_tokens") }
    }
}
