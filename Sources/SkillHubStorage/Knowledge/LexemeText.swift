/// PostgreSQL `tsvector` and `tsquery` literals made from the host's own terms
/// (``Tokenizer``), since PostgreSQL's parsers do not segment Chinese text.
/// The terms are taken as they are: no stemming, no stop words of PostgreSQL's.
public enum LexemeText {
    /// The longest lexeme PostgreSQL takes is 2,046 bytes; longer terms are left out.
    static let maximumLexemeBytes = 2046
    /// Positions in a `tsvector` end at 16,383.
    static let maximumPosition = 16383

    /// `'term':1,4 'other':2 …`: each term with the positions (from 1) at which it occurs.
    public static func vector(_ terms: [String]) -> String {
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (index, term) in terms.enumerated() where term.utf8.count <= maximumLexemeBytes {
            if positions[term] == nil { order.append(term) }
            positions[term, default: []].append(min(index + 1, maximumPosition))
        }
        return order.map { term in
            quoted(term) + ":" + (positions[term] ?? []).prefix(256).map(String.init).joined(separator: ",")
        }.joined(separator: " ")
    }

    /// `'a' | 'b' | …`: any of the terms (nil when there are none).
    public static func anyOf(_ terms: [String]) -> String? {
        let unique = distinct(terms)
        return unique.isEmpty ? nil : unique.map(quoted).joined(separator: " | ")
    }

    /// `'a' & 'b' & …`: every one of the terms (nil when there are fewer than two: then it is `anyOf`).
    public static func allOf(_ terms: [String]) -> String? {
        let unique = distinct(terms)
        return unique.count < 2 ? nil : unique.map(quoted).joined(separator: " & ")
    }

    private static func distinct(_ terms: [String]) -> [String] {
        var seen = Set<String>()
        return terms.filter { $0.utf8.count <= maximumLexemeBytes && seen.insert($0).inserted }
    }

    /// A lexeme in single quotes, with quotes and backslashes doubled as the literal syntax requires.
    static func quoted(_ term: String) -> String {
        var text = "'"
        for character in term {
            if character == "'" || character == "\\" { text.append(character) }
            text.append(character)
        }
        return text + "'"
    }
}
