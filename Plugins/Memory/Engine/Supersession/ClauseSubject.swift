import Foundation

/// Whether a clause speaks of the user — the one whose memories these are — rather than someone
/// they mention ("Emma works as a pilot", "李娜是老师"): only the user's own statements make the
/// user's memories stale. Judged by what comes before the clause's verb: nothing, "I" (with
/// adverbs of time), "我", or the openings of a message ("Big news:", "告诉你").
enum ClauseSubject {
    /// Whether `lead`, the words before the verb that was matched, leaves the user as the subject.
    static func isUser(lead: Substring) -> Bool {
        var words = lead.lowercased()
        for filler in chineseFillers { words = words.replacingOccurrences(of: filler, with: " ") }
        // "从上海搬到深圳": the place moved from is not a subject.
        words = words.replacingOccurrences(of: #"从\p{Han}+"#, with: " ", options: .regularExpression)
        let remaining = words.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }).filter { !englishFillers.contains(String($0)) }
        return remaining.isEmpty
    }

    /// Whether a clause with no recognised verb is a statement of the user's: it begins with
    /// "I", or with a verb (the subject left out: "Drives a red Honda", "…, working at a bank"),
    /// not with someone else's name or relation.
    static func isUser(clause: String) -> Bool {
        let lowered = clause.lowercased()
        if let first = lowered.unicodeScalars.first, FactGrounding.isCJK(first) {
            return !otherChineseSubjects.contains(where: clause.hasPrefix)
        }
        guard let first = lowered.split(separator: " ").first else { return false }
        if ["i", "i'm", "i’m", "i've", "i’ve"].contains(first) { return true }
        return !otherEnglishSubjects.contains(String(first)) && verbLike(String(first))
    }

    /// An opening verb with its subject left out: in the third person, as facts are written
    /// ("drives", "lives", "works"), or in -ing after a comma ("I'm David, working at a bank").
    private static func verbLike(_ word: String) -> Bool {
        (word.hasSuffix("s") && !word.hasSuffix("ss") && word.count >= 4) || (word.hasSuffix("ing") && word.count >= 5)
    }

    private static let englishFillers: Set<String> = [
        "i", "i'm", "i’m", "i've", "i’ve", "i'd", "am", "have", "has", "now", "just", "recently", "also", "currently", "still",
        "already", "finally", "big", "news", "so", "and", "then", "since", "last", "this", "month", "week", "year", "ago",
        "hi", "hey", "well", "actually", "by", "the", "way", "completely", "officially", "in", "from", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]
    private static let chineseFillers = [
        "告诉你", "其实", "现在", "目前", "上个月", "这个月", "去年", "今年", "最近", "刚刚", "已经", "终于", "我", "刚", "也", "还", "又", "都", "就",
    ]
    private static let otherEnglishSubjects: Set<String> = ["my", "his", "her", "their", "our", "he", "she", "they", "we", "it"]
    private static let otherChineseSubjects = [
        "他", "她", "它", "我的", "我妹", "我姐", "我哥", "我弟", "我爸", "我妈", "我老公", "我老婆", "我丈夫", "我妻子", "我儿子", "我女儿", "我朋友", "我同事",
    ]
}
