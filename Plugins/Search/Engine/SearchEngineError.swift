/// Why a document could not be recognised, extracted or chunked.
///
/// Every case describes itself in a sentence fit for an error envelope (`description`); the plugin
/// maps `unsupportedFormat` to unsupported and every other case to invalid input.
public enum SearchEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document is in a format the engine does not read; `format` names it (a MIME type,
    /// an extension or what the first bytes look like).
    case unsupportedFormat(String)
    /// A text document is not valid UTF-8; `offset` is the byte offset of the first bad byte.
    case invalidUTF8(offset: Int)
    /// Nothing but whitespace is left after extraction (or after cleaning, when chunking).
    case emptyDocument
    /// The PDF cannot be opened; `reason` is poppler's message.
    case corruptPDF(String)
    /// The PDF is encrypted with a password.
    case encryptedPDF
    /// The PDF opens but has no text layer (a scan): it needs OCR.
    case pdfWithoutTextLayer
    /// Images carry no text of their own: the plugin sends them to the `ocr` skill.
    case imageNeedsOCR
    /// A `chunk_strategy` field has a value out of bounds or of the wrong type.
    case invalidStrategy(field: String, message: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let format):
            "unsupported document format: \(format) (send plain text, Markdown, HTML, PDF or an image)"
        case .invalidUTF8(let offset):
            "the document is not valid UTF-8 (invalid byte at offset \(offset))"
        case .emptyDocument:
            "the document is empty (no text after extraction)"
        case .corruptPDF(let reason):
            "the PDF is corrupt or unreadable: \(reason)"
        case .encryptedPDF:
            "the PDF is encrypted (password protected); send it decrypted"
        case .pdfWithoutTextLayer:
            "the PDF has no text layer (a scanned document?); send its pages as images for OCR"
        case .imageNeedsOCR:
            "an image has no text layer: its text comes from the ocr skill"
        case .invalidStrategy(let field, let message):
            "chunk_strategy.\(field) \(message)"
        }
    }
}
