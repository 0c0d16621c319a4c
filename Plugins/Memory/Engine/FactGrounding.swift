/// A check against invented facts: small models copy their prompt's example or loop on a phrase,
/// so a fact is kept only when at least half of its distinct words (for Chinese, Japanese and
/// Korean: its characters) appear in what the user said. A paraphrase by a stronger model passes
/// ("I really like green tea" → "Prefers green tea"; "hate" matches "hates"); a fact from nowhere
/// does not, nor one that names what only the prompt's example said ("Anna", "Lyon"), nor a loop
/// ("likes tea likes tea likes tea …").
public struct FactGrounding: Sendable {
    private let said: Set<String>
    /// Words that only the prompt's example uses; a fact naming one the user did not say is a copy.
    private let exampleOnly: Set<String>
    /// The share of a fact's distinct words that must appear in what was said.
    public static let minimumShare = 0.5
    /// The smallest share of distinct words among a fact's words of six or more: below it, a loop.
    public static let minimumDistinctShare = 0.5

    /// - Parameters:
    ///   - said: the user's messages.
    ///   - exampleWords: the distinctive words of the prompt's example (``FactExtraction/exampleWords``).
    public init(said: [String], exampleWords: Set<String> = FactExtraction.exampleWords) {
        let said = Set(said.flatMap(Self.words))
        self.said = said
        exampleOnly = exampleWords.subtracting(said)
    }

    /// Whether `fact` is grounded in what was said.
    public func grounds(_ fact: String) -> Bool {
        let distinct = Set(Self.words(fact))
        if Self.isRepetitive(fact) || !distinct.isDisjoint(with: exampleOnly) { return false }
        // A number the user did not say is a resolved date ("in the week before 2026-12-07"): not counted.
        let counted = distinct.filter { said.contains($0) || !$0.allSatisfy(\.isNumber) }
        let found = counted.filter(isSaid)
        return !found.isEmpty && Double(found.count) >= Self.minimumShare * Double(counted.count)
    }

    /// Whether `text` is a model's loop rather than a statement: six words or more of which fewer
    /// than half are distinct ("I'm a big news about Paris last month. I'm a big news about Berlin
    /// last month. …"), or a clause whose content words an earlier clause already had ("I'm a
    /// beagle, I'm a beagle").
    public static func isRepetitive(_ text: String) -> Bool {
        let words = Self.words(text)
        if words.count >= 6, Double(Set(words).count) < minimumDistinctShare * Double(words.count) { return true }
        var clauses: Set<[String]> = []
        return FactClauses.clauses(text).map(Self.words).contains { !$0.isEmpty && !clauses.insert($0).inserted }
    }

    /// Whether the user said `word`, or one of its forms: words of four letters or more match a
    /// said word that shares all but their last letter ("hate" and "hates", "move" and "moved").
    private func isSaid(_ word: String) -> Bool {
        if said.contains(word) { return true }
        guard word.count >= 4 else { return false }
        return said.contains { other in
            guard other.count >= 4 else { return false }
            let common = zip(word, other).prefix { $0 == $1 }.count
            return common >= max(4, min(word.count, other.count) - 1)
        }
    }

    /// A text's content words, in order and repeated as written: lowercased runs of letters and
    /// digits of two or more, function words left out; each CJK character on its own.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            if current.count >= 2, !stopWords.contains(current) { words.append(current) }
            current = ""
        }
        for character in text.lowercased() {
            if character.unicodeScalars.contains(where: isCJK) {
                flush()
                if !cjkFunctionCharacters.contains(character) { words.append(String(character)) }
            } else if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Whether `scalar` is a Chinese, Japanese or Korean character (kana, ideographs, hangul).
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }

    private static let stopWords: Set<String> = [
        "is", "am", "are", "was", "were", "be", "been", "to", "in", "on", "at", "of", "an", "the", "and", "or", "but", "for",
        "with", "by", "from", "as", "it", "its", "my", "me", "we", "our", "you", "your", "he", "she", "his", "her", "they",
        "their", "this", "that", "these", "those", "has", "have", "had", "do", "does", "did", "not", "no", "so", "very",
        "user", "user's", "before", "after", "im", "ive", "just", "also", "really",
    ]

    private static let cjkFunctionCharacters: Set<Character> = ["我", "你", "他", "她", "的", "是", "了", "在", "和", "也", "很", "都", "就", "用", "户"]
}
