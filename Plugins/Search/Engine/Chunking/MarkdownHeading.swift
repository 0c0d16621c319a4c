/// An ATX heading (`#` to `######`) found by ``MarkdownOutline``.
struct MarkdownHeading: Equatable {
    /// 1 to 6.
    var level: Int
    /// The heading's text, without its `#` marks and closing sequence.
    var title: String
    /// The offset of the heading line's first character.
    var lineStart: Int
    /// The offset just past the line (past its line feed, if any).
    var lineEnd: Int
}
