/// Where one page of a PDF lies in the extracted text, in characters (grapheme clusters).
public struct PageSpan: Sendable, Hashable, Codable {
    /// The page number, from 1.
    public var number: Int
    /// The offset of the page's first character in ``ExtractedDocument/text``.
    public var characterStart: Int
    /// The offset just past the page's last character.
    public var characterEnd: Int

    public init(number: Int, characterStart: Int, characterEnd: Int) {
        self.number = number
        self.characterStart = characterStart
        self.characterEnd = characterEnd
    }
}
