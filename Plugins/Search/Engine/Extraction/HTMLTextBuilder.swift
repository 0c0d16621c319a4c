/// Accumulates the visible text of an HTML document: collapses white space as a browser does,
/// turns block boundaries into line breaks and keeps `<pre>` text as it is.
struct HTMLTextBuilder {
    private(set) var scalars = String.UnicodeScalarView()
    /// A space is due before the next visible character (collapsed white space).
    private var pendingSpace = false
    /// Line breaks due before the next visible character (1: a line, 2: a paragraph).
    private var pendingBreaks = 0
    /// Text due before the next visible character (a heading's `## `).
    private var pendingPrefix = ""
    /// Inside a heading: breaks become spaces so that the heading stays on one line.
    var inHeading = false

    private var atStart: Bool { scalars.isEmpty }

    /// Appends one character of text; `preformatted` keeps white space and line breaks.
    mutating func append(_ scalar: Unicode.Scalar, preformatted: Bool) {
        if preformatted && !inHeading {
            if scalar == "\n" || scalar == "\t" || scalar == " " {
                flushBreaks()
                scalars.append(scalar)
                return
            }
        } else if scalar.properties.isWhitespace {
            pendingSpace = true
            return
        }
        flushBreaks()
        if !pendingPrefix.isEmpty {
            scalars.append(contentsOf: pendingPrefix.unicodeScalars)
            pendingPrefix = ""
            pendingSpace = false
        }
        if pendingSpace, let last = scalars.last, last != "\n", last != " ", last != "\t" {
            scalars.append(" ")
        }
        pendingSpace = false
        scalars.append(scalar)
    }

    /// Appends decoded text (a character reference's value).
    mutating func append(_ text: String, preformatted: Bool) {
        for scalar in text.unicodeScalars {
            append(scalar, preformatted: preformatted)
        }
    }

    /// Asks for `count` line breaks (1 or 2) before the next text; within a heading, a space.
    mutating func requestBreak(_ count: Int) {
        if inHeading {
            pendingSpace = true
            return
        }
        pendingBreaks = max(pendingBreaks, count)
        pendingSpace = false
    }

    /// A `<br>`: one more line break, up to a paragraph's two.
    mutating func lineBreak() {
        if inHeading {
            pendingSpace = true
            return
        }
        pendingBreaks = min(pendingBreaks + 1, 2)
        pendingSpace = false
    }

    /// A table cell boundary: a tab unless at the start of a line.
    mutating func cellBreak() {
        if pendingBreaks == 0, let last = scalars.last, last != "\n", last != "\t" {
            pendingSpace = false
            scalars.append("\t")
        }
    }

    /// Starts a heading of `level`: a paragraph break, then `#`×level and a space before its first text.
    mutating func beginHeading(level: Int) {
        requestBreak(2)
        pendingPrefix = String(repeating: "#", count: level) + " "
        inHeading = true
    }

    /// Ends a heading (one that had no text leaves nothing).
    mutating func endHeading() {
        inHeading = false
        pendingPrefix = ""
        requestBreak(2)
    }

    private mutating func flushBreaks() {
        if pendingBreaks > 0 {
            if !atStart {
                while let last = scalars.last, last == " " || last == "\t" {
                    scalars.removeLast()
                }
                let trailingNewlines = scalars.reversed().prefix { $0 == "\n" }.count
                for _ in trailingNewlines..<max(trailingNewlines, pendingBreaks) {
                    scalars.append("\n")
                }
            }
            pendingBreaks = 0
            pendingSpace = false
        }
    }

    /// The text, each line without trailing blanks, at most one blank line in a row, trimmed.
    func finish() -> String {
        var lines: [Substring] = []
        var blankRun = 0
        for line in String(scalars).split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line[...]
            while let last = trimmed.last, last == " " || last == "\t" {
                trimmed = trimmed.dropLast()
            }
            if trimmed.allSatisfy(\.isWhitespace) {
                blankRun += 1
                if blankRun > 1 { continue }
                lines.append("")
            } else {
                blankRun = 0
                lines.append(trimmed)
            }
        }
        return lines.joined(separator: "\n").trimmingWhitespace()
    }
}
