/// The part of a conversation's history that fits a context budget: the newest messages whose
/// estimated tokens, with the system prompt and the new messages, stay within `budget`, never
/// starting with an assistant's or tool's answer cut from the question that led to it.
public struct HistoryWindow: Sendable {
    /// The tokens the prompt may use (the model's context less the room kept for the answer).
    public var budget: Int

    public init(budget: Int) {
        self.budget = budget
    }

    /// The indexes of `history` to keep (a suffix), given the texts of the system prompt and new messages.
    /// - Parameters:
    ///   - history: the earlier messages, oldest first, as `(role, text)`.
    ///   - fixed: the texts that are always sent (system prompt, new messages).
    public func kept(_ history: [(role: String, text: String)], fixed: [String]) -> Range<Int> {
        var used = fixed.reduce(0) { $0 + TokenEstimate.message($1) }
        var start = history.count
        while start > 0 {
            let cost = TokenEstimate.message(history[start - 1].text)
            guard used + cost <= budget else { break }
            used += cost
            start -= 1
        }
        // A window must not open on an answer whose question was cut.
        while start < history.count, ["assistant", "tool"].contains(history[start].role) {
            start += 1
        }
        return start..<history.count
    }
}
