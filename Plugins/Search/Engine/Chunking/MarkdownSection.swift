/// A part of a Markdown text under one heading: from the heading line to the next heading.
struct MarkdownSection: Equatable {
    /// The characters of the section, its heading line first.
    var range: Range<Int>
    /// The headings above the section, outermost first, its own last.
    var path: [String]
    /// The section holds nothing but its heading line.
    var isHeadingOnly: Bool

    /// Splits `characters` at its headings. Text before the first heading is a section with an empty
    /// path; a heading with nothing under it but sub-headings is joined to the first sub-section, so
    /// that `# A` + `## B` + text make one section with path `["A", "B"]` that starts at `# A`.
    static func split(_ characters: [Character]) -> [MarkdownSection] {
        let headings = MarkdownOutline.headings(in: characters)
        guard let first = headings.first else {
            return [MarkdownSection(range: 0..<characters.count, path: [], isHeadingOnly: false)]
        }
        var sections: [MarkdownSection] = []
        if first.lineStart > 0 {
            sections.append(MarkdownSection(range: 0..<first.lineStart, path: [], isHeadingOnly: false))
        }
        var stack: [(level: Int, title: String)] = []
        for (position, heading) in headings.enumerated() {
            while let last = stack.last, last.level >= heading.level {
                stack.removeLast()
            }
            stack.append((heading.level, heading.title))
            let end = position + 1 < headings.count ? headings[position + 1].lineStart : characters.count
            let body = characters[min(heading.lineEnd, end)..<end]
            sections.append(MarkdownSection(
                range: heading.lineStart..<end,
                path: stack.map(\.title),
                isHeadingOnly: body.allSatisfy(\.isWhitespace)
            ))
        }
        var index = sections.count - 2
        while index >= 0 {
            let parent = sections[index]
            let child = sections[index + 1]
            if parent.isHeadingOnly, !parent.path.isEmpty, child.path.count > parent.path.count,
               child.path.starts(with: parent.path) {
                sections[index + 1].range = parent.range.lowerBound..<child.range.upperBound
                sections.remove(at: index)
            }
            index -= 1
        }
        return sections
    }
}
