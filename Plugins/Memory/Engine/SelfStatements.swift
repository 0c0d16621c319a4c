import Foundation

/// What the user says about themselves, sentence by sentence, as a safety net under extraction:
/// small models often answer with the assistant's words or nothing, and a sentence such as "my
/// name is Li and I am allergic to peanuts" must not be lost for that. A sentence of the user's
/// in the first person ("my …", "I am …", "I like …"; "我叫…", "我喜欢…"), not a question, that
/// the model took nothing from (no extracted fact is grounded in it) is kept as the user said it.
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

    /// Whether `sentence` is a statement of the user's about themselves.
    static func isSelfStatement(_ sentence: String) -> Bool {
        guard sentence.count <= maximumCharacters, !sentence.hasSuffix("?"), !sentence.hasSuffix("？"), !sentence.hasSuffix("吗") else { return false }
        let lowered = " " + sentence.lowercased().map { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" ? $0 : " " }.map(String.init).joined() + " "
        if englishMarkers.contains(where: { lowered.contains(" \($0) ") }) { return true }
        return chineseMarkers.contains(where: sentence.contains)
    }

    private static let englishMarkers = [
        "my", "i am", "i'm", "i’m", "i have", "i've", "i like", "i love", "i hate", "i prefer", "i enjoy", "i live", "i work",
        "i moved", "i was born", "i grew up", "i study", "i don't like", "i can't eat", "i'm allergic", "call me",
    ]
    private static let chineseMarkers = ["我叫", "我是", "我的", "我喜欢", "我不喜欢", "我讨厌", "我住", "我在", "我有", "我对", "我过敏", "我爱", "我搬"]
}
