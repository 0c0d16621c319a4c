/// The formats the `search` skill ingests.
///
/// Text, Markdown, HTML and PDF are extracted by ``TextExtractor``; images are only recognised here,
/// their text comes from the `ocr` skill.
public enum DocumentFormat: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Plain text, UTF-8.
    case text
    /// Markdown, UTF-8: its ATX headings drive heading-aware chunking.
    case markdown
    /// HTML: visible text only, headings turned into Markdown headings.
    case html
    /// PDF: the text layer, page by page.
    case pdf
    /// PNG, JPEG, TIFF, BMP, GIF or WebP: text through OCR.
    case image

    public var description: String { rawValue }

    /// Whether chunking follows Markdown headings when the strategy does not say
    /// (true for Markdown and HTML, whose headings become Markdown headings).
    public var headingsByDefault: Bool {
        switch self {
        case .markdown, .html: true
        case .text, .pdf, .image: false
        }
    }

    /// The format of a document: from its MIME type when that is specific, else from its file
    /// name's extension, else from its first bytes.
    ///
    /// - Parameters:
    ///   - bytes: the document.
    ///   - fileName: its file name or path, if known.
    ///   - mimeType: its MIME type (parameters such as `; charset=utf-8` are ignored), if known.
    /// - Throws: ``SearchEngineError/unsupportedFormat(_:)`` naming the format (for example a ZIP
    ///   archive or a `.docx`).
    public static func detect(
        _ bytes: some Collection<UInt8>,
        fileName: String? = nil,
        mimeType: String? = nil
    ) throws(SearchEngineError) -> DocumentFormat {
        try FormatDetector.detect(Array(bytes.prefix(FormatDetector.sniffLength)), fileName: fileName, mimeType: mimeType)
    }
}
