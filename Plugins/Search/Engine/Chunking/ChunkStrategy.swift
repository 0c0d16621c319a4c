/// How a document is cut into chunks: Coze Studio's `chunk_strategy` fields, with their defaults,
/// plus `markdown_headings`.
///
/// Decoded from JSON with snake_case keys (`separator`, `max_tokens`, `overlap`,
/// `remove_extra_spaces`, `remove_urls_emails`, `markdown_headings`); missing keys take their
/// defaults, unknown keys (Coze's `chunk_type`, `caption_type`…) are ignored, and the result is
/// validated: a bad value throws ``SearchEngineError/invalidStrategy(field:message:)`` naming the field.
public struct ChunkStrategy: Sendable, Hashable, Codable {
    /// The bounds of ``maxTokens``.
    public static let maxTokensRange = 100...5000
    /// The bounds of ``overlap``.
    public static let overlapRange = 0...50

    /// Where text is first split before pieces are merged up to ``maxTokens`` (default a line feed).
    public var separator: String
    /// The largest chunk, in characters (grapheme clusters), as Coze counts it (default 800).
    public var maxTokens: Int
    /// How much of the previous chunk each chunk repeats at its start, in percent of ``maxTokens``
    /// (default 10).
    public var overlap: Int
    /// Collapse runs of spaces and tabs into one space and three or more line breaks into two
    /// (default false).
    public var removeExtraSpaces: Bool
    /// Remove URLs and e-mail addresses (default false).
    public var removeURLsAndEmails: Bool
    /// Start a new section at each Markdown heading and keep the heading path with each chunk;
    /// nil follows the format (on for Markdown and HTML, off otherwise).
    public var markdownHeadings: Bool?

    public init(
        separator: String = "\n",
        maxTokens: Int = 800,
        overlap: Int = 10,
        removeExtraSpaces: Bool = false,
        removeURLsAndEmails: Bool = false,
        markdownHeadings: Bool? = nil
    ) {
        self.separator = separator
        self.maxTokens = maxTokens
        self.overlap = overlap
        self.removeExtraSpaces = removeExtraSpaces
        self.removeURLsAndEmails = removeURLsAndEmails
        self.markdownHeadings = markdownHeadings
    }

    /// Checks every field's bounds.
    ///
    /// - Throws: ``SearchEngineError/invalidStrategy(field:message:)`` for the first bad field.
    public func validate() throws(SearchEngineError) {
        if separator.isEmpty {
            throw .invalidStrategy(field: "separator", message: "must not be empty")
        }
        if !Self.maxTokensRange.contains(maxTokens) {
            throw .invalidStrategy(
                field: "max_tokens",
                message: "must be between \(Self.maxTokensRange.lowerBound) and \(Self.maxTokensRange.upperBound) (got \(maxTokens))"
            )
        }
        if !Self.overlapRange.contains(overlap) {
            throw .invalidStrategy(
                field: "overlap",
                message: "must be between \(Self.overlapRange.lowerBound) and \(Self.overlapRange.upperBound) percent (got \(overlap))"
            )
        }
    }

    /// Whether chunking follows Markdown headings for a document in `format`.
    public func usesMarkdownHeadings(for format: DocumentFormat) -> Bool {
        markdownHeadings ?? format.headingsByDefault
    }

    /// The overlap in characters: ``overlap`` percent of ``maxTokens``, rounded down.
    public var overlapCharacters: Int {
        maxTokens * overlap / 100
    }

    private enum CodingKeys: String, CodingKey {
        case separator
        case maxTokens = "max_tokens"
        case overlap
        case removeExtraSpaces = "remove_extra_spaces"
        case removeURLsAndEmails = "remove_urls_emails"
        case markdownHeadings = "markdown_headings"
    }

    /// Decodes and validates; a field of the wrong type or out of bounds throws
    /// ``SearchEngineError/invalidStrategy(field:message:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ChunkStrategy()
        self.init(
            separator: try Self.field(container, .separator, "a string") ?? defaults.separator,
            maxTokens: try Self.field(container, .maxTokens, "an integer") ?? defaults.maxTokens,
            overlap: try Self.field(container, .overlap, "an integer") ?? defaults.overlap,
            removeExtraSpaces: try Self.field(container, .removeExtraSpaces, "a boolean") ?? defaults.removeExtraSpaces,
            removeURLsAndEmails: try Self.field(container, .removeURLsAndEmails, "a boolean") ?? defaults.removeURLsAndEmails,
            markdownHeadings: try Self.field(container, .markdownHeadings, "a boolean")
        )
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(separator, forKey: .separator)
        try container.encode(maxTokens, forKey: .maxTokens)
        try container.encode(overlap, forKey: .overlap)
        try container.encode(removeExtraSpaces, forKey: .removeExtraSpaces)
        try container.encode(removeURLsAndEmails, forKey: .removeURLsAndEmails)
        try container.encodeIfPresent(markdownHeadings, forKey: .markdownHeadings)
    }

    /// A present, non-null field of type `T`, or an error naming the field and the type expected.
    private static func field<T: Decodable>(
        _ container: KeyedDecodingContainer<CodingKeys>,
        _ key: CodingKeys,
        _ expected: String
    ) throws(SearchEngineError) -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: key)
        } catch {
            throw .invalidStrategy(field: key.rawValue, message: "must be \(expected)")
        }
    }
}
