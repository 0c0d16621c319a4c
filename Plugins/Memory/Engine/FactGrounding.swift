/// A check against invented facts: small models copy their prompt's example or loop on a phrase,
/// so a fact is kept only when at least half of its words (for Chinese, Japanese and Korean: its
/// characters) appear in what the user said. A paraphrase by a stronger model passes ("I really
/// like green tea" → "Prefers green tea"); a fact from nowhere does not.
public struct FactGrounding: Sendable {
    private let said: Set<String>
    /// The share of a fact's words that must appear in what was said.
    public static let minimumShare = 0.5

    /// - Parameter said: the user's messages.
    public init(said: [String]) {
        self.said = Set(said.flatMap(Self.words))
    }

    /// Whether `fact` is grounded in what was said.
    public func grounds(_ fact: String) -> Bool {
        let words = Self.words(fact)
        guard !words.isEmpty else { return false }
        let found = words.filter(said.contains).count
        return Double(found) >= Self.minimumShare * Double(words.count)
    }

    /// A text's content words: lowercased runs of letters and digits of two or more, function
    /// words left out; each CJK character on its own.
    static func words(_ text: String) -> [String] {
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

    private static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
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
