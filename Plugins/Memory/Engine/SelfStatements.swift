import Foundation

/// What the user says about themselves, sentence by sentence, as a safety net under extraction:
/// small models often answer with the assistant's words or nothing, and a sentence such as "my
/// name is Li and I am allergic to peanuts" must not be lost for that. A sentence of the user's
/// in the first person ("my …", "I …"; "我…"), not a question or a request, that the model took
/// nothing from (no extracted fact is grounded in it) is kept as the user said it.
public enum SelfStatements {
    /// The longest sentence kept as it was said; longer ones are left to the model.
    public static let maximumCharacters = 300

    /// The facts for `userMessages`' self-statements that no fact of `facts` is grounded in,
    /// typed `fact`.
    public static func uncovered(in userMessages: [String], by facts: [ExtractedFact]) -> [ExtractedFact] {
        var seen: Set<String> = []
        return userMessages.flatMap(MemoryText.sentences).filter { sentence in
            guard isSelfStatement(sentence), FactGrounding.words(sentence).count >= 2 else { return false }
            let grounding = FactGrounding(said: [sentence], exampleWords: [])
            return !facts.contains { grounding.grounds($0.text) } && seen.insert(MemoryText.normalized(sentence)).inserted
        }.map { ExtractedFact(text: $0, type: .fact) }
    }

    /// Whether `sentence` is a statement of the user's about themselves: in the first person
    /// ("I …", "my …", "我…"), neither a question nor a request ("please …", "帮我…").
    static func isSelfStatement(_ sentence: String) -> Bool {
        guard sentence.count <= maximumCharacters, !sentence.hasSuffix("?"), !sentence.hasSuffix("？"), !sentence.hasSuffix("吗") else { return false }
        let words = sentence.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’") }).map(String.init)
        if let first = words.first, requests.contains(first) { return false }
        if words.contains(where: englishFirstPerson.contains) || words.starts(with: ["call", "me"]) { return true }
        return sentence.contains("我") && !chineseRequests.contains(where: sentence.hasPrefix)
    }

    private static let englishFirstPerson: Set<String> = ["i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "my", "mine"]
    private static let requests: Set<String> = ["please", "let", "tell", "can", "could", "would", "will", "do", "does", "did"]
    private static let chineseRequests = ["请", "帮我", "给我", "告诉我", "让我"]
}
