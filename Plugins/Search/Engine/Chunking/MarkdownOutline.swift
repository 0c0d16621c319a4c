/// Finds the ATX headings of a Markdown text, skipping fenced code blocks (``` and ~~~).
enum MarkdownOutline {
    /// The headings in order; headings with no text are left out.
    static func headings(in characters: [Character]) -> [MarkdownHeading] {
        var headings: [MarkdownHeading] = []
        var fence: (marker: Character, length: Int)?
        var lineStart = 0
        let count = characters.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, characters[lineEnd] != "\n" {
                lineEnd += 1
            }
            let line = characters[lineStart..<lineEnd]
            let next = min(lineEnd + 1, count)
            if let open = fence {
                if let marker = fenceMarker(line), marker.marker == open.marker, marker.length >= open.length,
                   marker.rest.allSatisfy(\.isWhitespace) {
                    fence = nil
                }
            } else if let marker = fenceMarker(line), marker.marker == "~" || !marker.rest.contains("`") {
                fence = (marker.marker, marker.length)
            } else if let heading = atxHeading(line) {
                headings.append(MarkdownHeading(level: heading.level, title: heading.title, lineStart: lineStart, lineEnd: next))
            }
            lineStart = next
        }
        return headings
    }

    /// The text of the first level-1 heading, nil when there is none.
    static func firstTitle(in text: String) -> String? {
        headings(in: Array(text)).first { $0.level == 1 }?.title
    }

    /// A fence line: up to three spaces, then three or more backticks or tildes.
    private static func fenceMarker(_ line: ArraySlice<Character>) -> (marker: Character, length: Int, rest: ArraySlice<Character>)? {
        let body = dropIndent(line)
        guard let first = body.first, first == "`" || first == "~" else { return nil }
        let run = body.prefix { $0 == first }.count
        guard run >= 3 else { return nil }
        return (first, run, body.dropFirst(run))
    }

    /// An ATX heading line: up to three spaces, 1–6 `#`, then a space, a tab or the end of the line.
    private static func atxHeading(_ line: ArraySlice<Character>) -> (level: Int, title: String)? {
        let body = dropIndent(line)
        let level = body.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        var rest = body.dropFirst(level)
        if let first = rest.first, first != " ", first != "\t" {
            return nil
        }
        rest = trim(rest)
        // A closing sequence of `#` counts only after a space (or as the whole content).
        let closing = rest.reversed().prefix { $0 == "#" }.count
        if closing == rest.count {
            rest = []
        } else if closing > 0, let before = rest.dropLast(closing).last, before == " " || before == "\t" {
            rest = trim(rest.dropLast(closing))
        }
        guard !rest.isEmpty else { return nil }
        return (level, String(rest))
    }

    private static func dropIndent(_ line: ArraySlice<Character>) -> ArraySlice<Character> {
        let spaces = line.prefix { $0 == " " }.count
        return spaces <= 3 ? line.dropFirst(spaces) : []
    }

    private static func trim(_ slice: ArraySlice<Character>) -> ArraySlice<Character> {
        var result = slice
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
