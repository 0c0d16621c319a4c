/// Character categories that decide where a chunk may end.
enum CharacterClass {
    /// Han ideographs, kana, Hangul, CJK punctuation and full-width forms: text written without spaces
    /// between words, where a break between two characters does not cut a word.
    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x2FDF, // radicals
             0x3000...0x303F, // CJK symbols and punctuation
             0x3040...0x30FF, // hiragana, katakana
             0x3100...0x312F, 0x3190...0x31FF, // bopomofo, kanbun, katakana extensions
             0x3400...0x4DBF, 0x4E00...0x9FFF, // CJK ideographs
             0xAC00...0xD7AF, // Hangul syllables
             0xF900...0xFAFF, // compatibility ideographs
             0xFE30...0xFE4F, // compatibility forms
             0xFF00...0xFFEF, // half- and full-width forms
             0x20000...0x3134F: // supplementary ideographs
            return true
        default:
            return false
        }
    }

    /// Sentence ends that need no following space: CJK full stops, exclamation and question marks.
    static func isCJKSentenceEnd(_ character: Character) -> Bool {
        "。！？｡…‼⁇".contains(character)
    }

    /// Sentence ends that count only before white space (or the end): `.`, `!`, `?`.
    static func isLatinSentenceEnd(_ character: Character) -> Bool {
        character == "." || character == "!" || character == "?"
    }

    /// Clause marks that need no following space: CJK commas, enumeration commas, semicolons, colons.
    static func isCJKClauseEnd(_ character: Character) -> Bool {
        "，、；：﹐﹑﹔﹕".contains(character)
    }

    /// Clause marks that count only before white space: `,`, `;`, `:`.
    static func isLatinClauseEnd(_ character: Character) -> Bool {
        character == "," || character == ";" || character == ":"
    }

    /// Closing quotes and brackets that may follow a sentence end and belong to it.
    static func isCloser(_ character: Character) -> Bool {
        "\"')]}”’」』）】》〉〕".contains(character)
    }
}
