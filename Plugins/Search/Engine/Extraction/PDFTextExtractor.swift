internal import CPoppler
internal import Foundation

/// The text layer of a PDF, page by page, through poppler's GLib API.
enum PDFTextExtractor {
    /// Poppler documents are opened one at a time: its GLib wrapper is not documented as thread-safe,
    /// and extraction is short next to embedding.
    private static let lock = NSLock()

    /// Each page's text (empty for a page without text) and the metadata title.
    static func extract(_ bytes: [UInt8]) throws(SearchEngineError) -> (pages: [String], title: String?) {
        guard !bytes.isEmpty else {
            throw .emptyDocument
        }
        lock.lock()
        defer { lock.unlock() }

        let data = bytes.withUnsafeBytes { buffer in
            g_bytes_new(buffer.baseAddress, gsize(buffer.count))
        }
        defer { g_bytes_unref(data) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(data, nil, &error) else {
            throw failure(error)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }

        let title = takeString(poppler_document_get_title(document))
            .map { TextNormalizer.normalize($0).split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let count = Int(poppler_document_get_n_pages(document))
        guard count > 0 else {
            throw .corruptPDF("the document has no pages")
        }
        var pages: [String] = []
        pages.reserveCapacity(count)
        for number in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(number)) else {
                pages.append("")
                continue
            }
            let text = takeString(poppler_page_get_text(page)) ?? ""
            g_object_unref(UnsafeMutableRawPointer(page))
            pages.append(tidy(text))
        }
        return (pages, title.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// A GLib string as Swift's, freed.
    private static func takeString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
    }

    /// A page's text normalised, without trailing blanks on its lines, trimmed.
    private static func tidy(_ text: String) -> String {
        TextNormalizer.normalize(text)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                var trimmed = line[...]
                while let last = trimmed.last, last == " " || last == "\t" {
                    trimmed = trimmed.dropLast()
                }
                return trimmed
            }
            .joined(separator: "\n")
            .trimmingWhitespace()
    }

    private static func failure(_ error: UnsafeMutablePointer<GError>?) -> SearchEngineError {
        guard let error else {
            return .corruptPDF("poppler could not open it")
        }
        defer { g_error_free(error) }
        let message = error.pointee.message.map { String(cString: $0) } ?? "poppler could not open it"
        if error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return .encryptedPDF
        }
        return .corruptPDF(message)
    }
}
