/// One piece of a document, as stored and embedded.
public struct Chunk: Sendable, Hashable, Codable {
    /// The chunk's text: a contiguous part of the (cleaned) document, at most
    /// ``ChunkStrategy/maxTokens`` characters, trimmed of white space at both ends. After the first
    /// chunk of a section it begins with the tail of the previous chunk (the overlap).
    public var text: String
    /// The Markdown headings the chunk lies under, outermost first (`["Install", "From source"]`);
    /// empty without heading-aware chunking or before the first heading.
    public var headingPath: [String]
    /// The chunk's place in the document, from 0.
    public var index: Int
    /// The offset of the chunk's first character in ``ExtractedDocument/text``, in characters
    /// (grapheme clusters).
    public var characterStart: Int
    /// The offset just past the chunk's last character in ``ExtractedDocument/text``. With
    /// `remove_extra_spaces` or `remove_urls_emails` the range also covers what was removed inside it.
    public var characterEnd: Int
    /// For a PDF, the page on which the chunk's new text (after the overlap) begins.
    public var page: Int?

    public init(text: String, headingPath: [String], index: Int, characterStart: Int, characterEnd: Int, page: Int? = nil) {
        self.text = text
        self.headingPath = headingPath
        self.index = index
        self.characterStart = characterStart
        self.characterEnd = characterEnd
        self.page = page
    }

    private enum CodingKeys: String, CodingKey {
        case text
        case headingPath = "heading_path"
        case index
        case characterStart = "character_start"
        case characterEnd = "character_end"
        case page
    }
}
