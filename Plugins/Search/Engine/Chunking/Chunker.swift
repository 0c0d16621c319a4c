/// Cuts extracted text into ``Chunk``s following a ``ChunkStrategy``.
///
/// 1. Clean-ups: `remove_urls_emails`, then `remove_extra_spaces`.
/// 2. With Markdown headings on, the text is split into sections at its ATX headings (not inside
///    fenced code blocks); each chunk carries its section's heading path, and the heading line opens
///    the section's first chunk. A heading with only sub-headings under it joins the first sub-section.
/// 3. In each section, the text is split after each `separator`, and consecutive pieces are merged
///    while the chunk stays within `max_tokens` characters (grapheme clusters). A piece too long for
///    the space left is cut at the best break within the last quarter of that space: a separator or
///    line end, a sentence end (`。！？` or `.!?` before a space), a clause end, white space, a CJK
///    character boundary, and only when there is none of those, at the limit.
/// 4. Each chunk after the first of its section begins with the previous chunk's tail: about
///    `overlap` percent of `max_tokens`, snapped forward to the start of a word or a CJK character.
///    The overlap counts within `max_tokens`.
///
/// The result is deterministic.
public struct Chunker: Sendable {
    public var strategy: ChunkStrategy

    public init(strategy: ChunkStrategy = ChunkStrategy()) {
        self.strategy = strategy
    }

    /// The chunks of an extracted document; PDF chunks carry their page.
    ///
    /// - Throws: ``SearchEngineError/invalidStrategy(field:message:)`` for a bad strategy,
    ///   ``SearchEngineError/emptyDocument`` when nothing is left to chunk.
    public func chunks(of document: ExtractedDocument) throws(SearchEngineError) -> [Chunk] {
        try strategy.validate()
        var text = CleanedText(document.text)
        if strategy.removeURLsAndEmails {
            text = TextCleaner.removeURLsAndEmails(text)
        }
        if strategy.removeExtraSpaces {
            text = TextCleaner.removeExtraSpaces(text)
        }
        let sections = strategy.usesMarkdownHeadings(for: document.format)
            ? MarkdownSection.split(text.characters)
            : [MarkdownSection(range: 0..<text.count, path: [], isHeadingOnly: false)]
        let normalizedSeparator = TextNormalizer.normalize(strategy.separator)
        let sectionChunker = SectionChunker(
            characters: text.characters,
            separator: Array(normalizedSeparator.isEmpty ? strategy.separator : normalizedSeparator),
            maxLength: strategy.maxTokens,
            overlapLength: strategy.overlapCharacters
        )
        var chunks: [Chunk] = []
        for section in sections {
            for piece in sectionChunker.pieces(in: section.range) {
                chunks.append(Chunk(
                    text: String(text.characters[piece.range]),
                    headingPath: section.path,
                    index: chunks.count,
                    characterStart: text.origins[piece.range.lowerBound],
                    characterEnd: text.origins[piece.range.upperBound - 1] + 1,
                    page: document.page(atCharacter: text.origins[piece.newTextStart])
                ))
            }
        }
        guard !chunks.isEmpty else {
            throw .emptyDocument
        }
        return chunks
    }

    /// The chunks of text already extracted (or sent as text), read as `format` for the heading default.
    public func chunks(of text: String, format: DocumentFormat = .text) throws(SearchEngineError) -> [Chunk] {
        try chunks(of: ExtractedDocument(format: format, text: text))
    }
}
