import Foundation

/// Splits text into index terms for lexical scoring, for English-like and CJK text alike.
///
/// Text is NFKC-normalised (full-width letters become ASCII) and lowercased. Runs of
/// letters, digits and combining marks form words; a word in `stopwords` is dropped.
/// Runs of CJK ideographs and kana have no spaces between words, so each run yields its
/// characters (unigrams, minus `stopwords`) and every pair of neighbours (bigrams):
/// "机器学习" → 机, 机器, 器, 器学, 学, 学习, 习. Everything else separates terms.
public struct Tokenizer: Sendable {
    public var stopwords: Set<String>

    public init(stopwords: Set<String> = Tokenizer.defaultStopwords) {
        self.stopwords = stopwords
    }

    /// A small list of English function words and Chinese particles.
    public static let defaultStopwords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "in", "is",
        "it", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "which",
        "who", "why", "with",
        "的", "了", "是", "在", "和", "与", "及", "或", "吗", "呢", "吧", "啊", "之", "也", "都",
    ]

    /// The terms of `text`, in order of appearance (CJK bigrams after their first character).
    public func tokens(_ text: String) -> [String] {
        var terms: [String] = []
        var word = String.UnicodeScalarView()
        var ideographs: [Unicode.Scalar] = []
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if Self.isIdeographic(scalar) {
                flush(word: &word, into: &terms)
                ideographs.append(scalar)
            } else if Self.isWordPart(scalar) {
                flush(ideographs: &ideographs, into: &terms)
                word.append(scalar)
            } else {
                flush(word: &word, into: &terms)
                flush(ideographs: &ideographs, into: &terms)
            }
        }
        flush(word: &word, into: &terms)
        flush(ideographs: &ideographs, into: &terms)
        return terms
    }

    private func flush(word: inout String.UnicodeScalarView, into terms: inout [String]) {
        guard !word.isEmpty else { return }
        let term = String(word)
        if !stopwords.contains(term) { terms.append(term) }
        word = String.UnicodeScalarView()
    }

    private func flush(ideographs: inout [Unicode.Scalar], into terms: inout [String]) {
        for (index, scalar) in ideographs.enumerated() {
            let unigram = String(Character(scalar))
            if !stopwords.contains(unigram) { terms.append(unigram) }
            if index + 1 < ideographs.count {
                terms.append(unigram + String(Character(ideographs[index + 1])))
            }
        }
        ideographs.removeAll()
    }

    /// Han ideographs (CJK Unified, Extension A to F, compatibility), hiragana and katakana.
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            true
        default:
            false
        }
    }

    /// Letters, digits and combining marks.
    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }
}
