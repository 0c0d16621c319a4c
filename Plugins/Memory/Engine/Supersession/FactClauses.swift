import Foundation

/// A memory's text cut into clauses, the unit one statement of the user can make stale: "I live in
/// Paris and I work as a nurse." is two ("I live in Paris", "I work as a nurse"), so a move to Berlin
/// replaces the first and keeps the second.
enum FactClauses {
    /// The clauses of `text`: its sentences cut again at commas, colons (and their CJK forms) and
    /// at an " and " that starts a new statement ("… and I work …", "… and work as …"); trimmed, without
    /// their closing punctuation.
    static func clauses(_ text: String) -> [String] {
        MemoryText.sentences(text).flatMap { sentence in
            sentence.split(whereSeparator: { ",，:：、".contains($0) }).flatMap(splitAtFirstPersonAnd)
        }
        .map(trimmed)
        .filter { !$0.isEmpty }
    }

    /// The clauses left after removing `removed`, as one text again (joined as the language joins
    /// clauses, closed with a full stop); nil when none is left.
    static func joined(_ clauses: [String]) -> String? {
        guard let last = clauses.last else { return nil }
        let chinese = last.unicodeScalars.contains(where: FactGrounding.isCJK)
        return clauses.joined(separator: chinese ? "，" : ", ") + (chinese ? "。" : ".")
    }

    private static func splitAtFirstPersonAnd(_ part: Substring) -> [String] {
        var pieces: [String] = []
        var rest = String(part)
        while let range = rest.range(of: #"\s+and\s+(?=(?:i|i'm|i’m|i've|we|"# + statementVerbs + #")\b)"#, options: [.regularExpression, .caseInsensitive]) {
            pieces.append(String(rest[..<range.lowerBound]))
            rest = String(rest[range.upperBound...])
        }
        return pieces + [rest]
    }

    /// Verbs that start a second statement with the first one's subject ("I live in Toronto and work as …").
    private static let statementVerbs = "live|lives|work|works|moved|drive|drives|drink|drinks|own|owns|have|has|teach|teaches|study|studies"

    private static func trimmed(_ clause: String) -> String {
        clause.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ".。!！?？;；")))
    }
}
