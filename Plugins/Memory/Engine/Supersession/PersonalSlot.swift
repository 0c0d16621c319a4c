import Foundation

/// The facts about the user that hold one value at a time: a person lives in one city, has one
/// occupation and one workplace now, so a new value makes the old one stale ("lives in Paris" →
/// "I moved to Berlin"). Recognised in English and Chinese clauses spoken by the user
/// (``ClauseSubject``); the value is the first word or the first two characters named.
enum PersonalSlot: String, CaseIterable, Sendable {
    case residence, occupation, workplace

    /// The single-valued facts `clause` states about the user, with their values (lowercased).
    static func values(in clause: String) -> [PersonalSlot: String] {
        var values: [PersonalSlot: String] = [:]
        for slot in allCases {
            for pattern in slot.patterns {
                guard let match = clause.range(of: pattern, options: [.regularExpression, .caseInsensitive]) else { continue }
                guard ClauseSubject.isUser(lead: clause[..<match.lowerBound]) else { continue }
                if let value = value(of: slot, in: String(clause[match])) {
                    values[slot] = value
                    break
                }
            }
        }
        return values
    }

    /// The words of the match after its verb: the first English word, or the first two CJK characters.
    private static func value(of slot: PersonalSlot, in match: String) -> String? {
        guard let verb = match.range(of: slot.valueIntroducer, options: [.regularExpression, .caseInsensitive]) else { return nil }
        let rest = match[verb.upperBound...].lowercased()
        if let first = rest.unicodeScalars.first, FactGrounding.isCJK(first) {
            return String(rest.prefix(2))
        }
        let words = rest.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init).filter { !articles.contains($0) }
        return words.first
    }

    private static let articles: Set<String> = ["a", "an", "the"]

    /// Regular expressions of a clause stating this fact in the present.
    private var patterns: [String] {
        switch self {
        case .residence:
            [
                #"\b(?:live|lives|living|moved|move|relocated)\b(?:\s+\w+){0,3}?\s+(?:in|to)\s+[A-Za-z][\w-]*"#,
                #"(?:住在|搬到了?|搬去了?|定居在?)\p{Han}{2}"#,
            ]
        case .occupation:
            [
                #"\b(?:work|works|working|(?:have|'ve)\s+worked)\s+as\s+(?:an?\s+)?[A-Za-z][\w-]*"#,
                #"(?:是一名|是一位|当上了?|成为了?一名)\p{Han}{2}"#,
            ]
        case .workplace:
            [
                #"\b(?:work|works|working)\s+(?:at|for)\s+(?:an?\s+|the\s+)?[A-Za-z][\w-]*"#,
                #"(?<![现正存实所])在\p{Han}{2,10}?(?:上班|工作)"#,
            ]
        }
    }

    /// What stands between the verb and the value in a match.
    private var valueIntroducer: String {
        switch self {
        case .residence: #"(?:\s(?:in|to)\s|住在|搬到了?|搬去了?|定居在?)"#
        case .occupation: #"(?:\sas\s|是一名|是一位|当上了?|成为了?一名)"#
        case .workplace: #"(?:\s(?:at|for)\s|在)"#
        }
    }
}
