import Foundation

/// A statement that something the user did or had is over — "I quit coffee", "I left the bank",
/// "I sold the Honda", "我从银行辞职了", "我戒烟了" — and the words naming that thing: an earlier
/// memory of the user's that names one of them ("Drinks four cups of coffee a day") is stale.
enum Cessation {
    /// The content words of what `clause` says the user stopped (English words of three letters
    /// or more, CJK character pairs); nil when the clause says nothing stopped, or of someone else.
    static func objects(in clause: String) -> Set<String>? {
        for marker in englishMarkers {
            guard let match = clause.range(of: #"\b"# + marker + #"\b"#, options: [.regularExpression, .caseInsensitive]),
                  ClauseSubject.isUser(lead: clause[..<match.lowerBound]) else { continue }
            let words = englishWords(clause[match.upperBound...])
            return words.isEmpty ? nil : words
        }
        for marker in chineseMarkers {
            // "从银行辞职": the place left follows 从 and is no subject (``ClauseSubject`` skips it).
            guard let match = clause.range(of: marker), ClauseSubject.isUser(lead: clause[..<match.lowerBound]) else { continue }
            // The thing stopped comes before the marker, after 从 ("从银行辞职"), or after it ("戒了咖啡").
            let left = clause[..<match.lowerBound].firstIndex(of: "从").map { String(clause[clause.index(after: $0)..<match.lowerBound]) } ?? ""
            let words = chinesePairs(left).union(chinesePairs(String(clause[match.upperBound...])))
            return words.isEmpty ? nil : words
        }
        return nil
    }

    /// Whether `clause` names one of `objects` (and does not itself say something stopped).
    static func names(_ objects: Set<String>, in clause: String) -> Bool {
        guard self.objects(in: clause) == nil else { return false }
        return !objects.isDisjoint(with: englishWords(Substring(clause)).union(chinesePairs(clause)))
    }

    private static let englishMarkers = [
        "quit", "quitted", "left", "sold", "gave up", "given up", "stopped", "no longer", "broke up with", "moved out of",
    ]
    private static let chineseMarkers = ["辞职", "辞去", "戒了", "戒掉", "不再", "卖了", "卖掉", "离开了", "分手", "退休"]

    /// Lowercased English words of three letters or more, a plural's "s" dropped, function and time words left out.
    private static func englishWords(_ text: Substring) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map { word -> String in
            word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : String(word)
        }.filter { $0.count >= 3 && !englishStopWords.contains($0) })
    }

    /// Pairs of adjacent CJK characters, time words and pronouns taken out first.
    private static func chinesePairs(_ text: String) -> Set<String> {
        var text = text
        for word in chineseStopWords { text = text.replacingOccurrences(of: word, with: " ") }
        var pairs: Set<String> = []
        var previous: Character?
        for character in text {
            let isCJK = character.unicodeScalars.contains(where: FactGrounding.isCJK)
            if isCJK, let previous { pairs.insert(String([previous, character])) }
            previous = isCJK ? character : nil
        }
        return pairs
    }

    private static let englishStopWords: Set<String> = [
        "the", "and", "for", "with", "from", "that", "this", "now", "completely", "totally", "finally", "recently", "already",
        "last", "ago", "week", "month", "year", "today", "yesterday", "since", "anymore", "any", "more", "all", "got", "again",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "job", "work", "day", "days", "time",
    ]
    private static let chineseStopWords = [
        "上个月", "这个月", "去年", "今年", "最近", "已经", "现在", "刚刚", "终于", "我们", "我", "你", "他", "她", "了", "的", "从", "在", "也", "还", "都",
    ]
}
