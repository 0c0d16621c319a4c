/// Extracts the text of a document in any ``DocumentFormat`` but images.
///
/// Text and Markdown must be valid UTF-8; HTML is UTF-8, or Windows-1252 when it declares an
/// ISO-8859-1 or Windows-1252 charset. Every result is normalised (no byte order mark, LF line ends,
/// no NUL) and must hold more than white space.
public enum TextExtractor {
    /// The text of `bytes` read as `format`.
    ///
    /// - Throws: ``SearchEngineError/invalidUTF8(offset:)``, ``SearchEngineError/emptyDocument``,
    ///   ``SearchEngineError/corruptPDF(_:)``, ``SearchEngineError/encryptedPDF``,
    ///   ``SearchEngineError/pdfWithoutTextLayer``, or ``SearchEngineError/imageNeedsOCR`` for an image.
    public static func extract(_ bytes: some Collection<UInt8>, format: DocumentFormat) throws(SearchEngineError) -> ExtractedDocument {
        let bytes = Array(bytes)
        switch format {
        case .text, .markdown:
            return try extract(text: decodeUTF8(bytes), format: format)
        case .html:
            return try extract(text: decodeHTML(bytes), format: .html)
        case .pdf:
            return try extractPDF(bytes)
        case .image:
            throw .imageNeedsOCR
        }
    }

    /// The text of a document given as a string (text sent in JSON, or OCR output) read as `format`:
    /// HTML is reduced to its visible text, text and Markdown are only normalised.
    ///
    /// - Throws: ``SearchEngineError/emptyDocument``; ``SearchEngineError/unsupportedFormat(_:)`` for
    ///   a PDF or an image, which do not come as text.
    public static func extract(text: String, format: DocumentFormat) throws(SearchEngineError) -> ExtractedDocument {
        let document: ExtractedDocument
        switch format {
        case .text:
            document = ExtractedDocument(format: .text, text: TextNormalizer.normalize(text))
        case .markdown:
            let normalized = TextNormalizer.normalize(text)
            document = ExtractedDocument(format: .markdown, text: normalized, title: MarkdownOutline.firstTitle(in: normalized))
        case .html:
            let extracted = HTMLTextExtractor.extract(TextNormalizer.normalize(text))
            document = ExtractedDocument(format: .html, text: extracted.text, title: extracted.title)
        case .pdf, .image:
            throw .unsupportedFormat("\(format) sent as text")
        }
        guard !TextNormalizer.isBlank(document.text) else {
            throw .emptyDocument
        }
        return document
    }

    private static func decodeUTF8(_ bytes: [UInt8]) throws(SearchEngineError) -> String {
        if let offset = UTF8Validation.firstInvalidOffset(bytes) {
            throw .invalidUTF8(offset: offset)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func decodeHTML(_ bytes: [UInt8]) throws(SearchEngineError) -> String {
        guard let offset = UTF8Validation.firstInvalidOffset(bytes) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let head = String(decoding: bytes.prefix(2048).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        let latin = ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii"]
        if head.contains("charset="), latin.contains(where: { head.contains("charset=\($0)") || head.contains("charset=\"\($0)") }) {
            return Windows1252.decode(bytes)
        }
        throw .invalidUTF8(offset: offset)
    }

    private static func extractPDF(_ bytes: [UInt8]) throws(SearchEngineError) -> ExtractedDocument {
        let (pages, title) = try PDFTextExtractor.extract(bytes)
        var text = ""
        var spans: [PageSpan] = []
        var offset = 0
        for (index, page) in pages.enumerated() where !page.isEmpty {
            if !text.isEmpty {
                text += "\n\n"
                offset += 2
            }
            let length = page.count
            text += page
            spans.append(PageSpan(number: index + 1, characterStart: offset, characterEnd: offset + length))
            offset += length
        }
        guard !TextNormalizer.isBlank(text) else {
            throw .pdfWithoutTextLayer
        }
        return ExtractedDocument(format: .pdf, text: text, title: title, pages: spans)
    }
}
