/// Recognises a ``DocumentFormat`` from a MIME type, a file extension or magic bytes, in that order.
enum FormatDetector {
    /// How many leading bytes are sniffed.
    static let sniffLength = 1024

    static func detect(_ head: [UInt8], fileName: String?, mimeType: String?) throws(SearchEngineError) -> DocumentFormat {
        if let mimeType, let format = try format(mimeType: mimeType) {
            return format
        }
        if let fileName, let format = try format(fileName: fileName) {
            return format
        }
        return try sniff(head)
    }

    // MARK: MIME type

    /// The format for a MIME type, nil when the type says nothing (absent, `application/octet-stream`).
    static func format(mimeType raw: String) throws(SearchEngineError) -> DocumentFormat? {
        let essence = raw.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let mime = essence.trimmingWhitespace().lowercased()
        if mime.isEmpty || genericMIMETypes.contains(mime) {
            return nil
        }
        if let format = mimeTypes[mime] {
            return format
        }
        if mime.hasPrefix("text/") {
            return .text
        }
        if mime.hasSuffix("+json") || (mime.hasSuffix("+xml") && mime != "application/xhtml+xml") {
            return .text
        }
        throw .unsupportedFormat(unsupportedMIMENames[mime].map { "\($0) (\(mime))" } ?? mime)
    }

    private static let genericMIMETypes: Set<String> = [
        "application/octet-stream", "binary/octet-stream", "application/unknown", "application/x-unknown",
        "*/*", "application/binary",
    ]

    private static let mimeTypes: [String: DocumentFormat] = [
        "text/plain": .text, "application/json": .text, "application/xml": .text, "text/csv": .text,
        "text/markdown": .markdown, "text/x-markdown": .markdown, "text/md": .markdown,
        "application/markdown": .markdown, "application/x-markdown": .markdown,
        "text/html": .html, "application/xhtml+xml": .html,
        "application/pdf": .pdf, "application/x-pdf": .pdf,
        "image/png": .image, "image/jpeg": .image, "image/jpg": .image, "image/pjpeg": .image,
        "image/tiff": .image, "image/bmp": .image, "image/x-bmp": .image, "image/x-ms-bmp": .image,
        "image/gif": .image, "image/webp": .image,
    ]

    private static let unsupportedMIMENames: [String: String] = [
        "application/zip": "ZIP archive",
        "application/x-zip-compressed": "ZIP archive",
        "application/gzip": "gzip archive",
        "application/x-tar": "tar archive",
        "application/msword": "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document (.docx)",
        "application/vnd.ms-excel": "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook (.xlsx)",
        "application/vnd.ms-powerpoint": "PowerPoint presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint presentation (.pptx)",
        "application/rtf": "RTF document",
        "application/epub+zip": "EPUB book",
        "image/svg+xml": "SVG image",
        "image/heic": "HEIC image",
        "image/avif": "AVIF image",
    ]

    // MARK: Extension

    /// The format for a file name's extension, nil when it has none or an unknown one.
    static func format(fileName: String) throws(SearchEngineError) -> DocumentFormat? {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else {
            return nil
        }
        let ext = base[base.index(after: dot)...].lowercased()
        if let format = extensions[ext] {
            return format
        }
        if let name = unsupportedExtensions[ext] {
            throw .unsupportedFormat("\(name) (.\(ext))")
        }
        return nil
    }

    private static let extensions: [String: DocumentFormat] = [
        "txt": .text, "text": .text, "log": .text, "csv": .text, "tsv": .text, "json": .text, "xml": .text,
        "md": .markdown, "markdown": .markdown, "mdown": .markdown, "mkd": .markdown, "mkdn": .markdown,
        "mdx": .markdown,
        "html": .html, "htm": .html, "xhtml": .html,
        "pdf": .pdf,
        "png": .image, "jpg": .image, "jpeg": .image, "jpe": .image, "tif": .image, "tiff": .image,
        "bmp": .image, "gif": .image, "webp": .image,
    ]

    private static let unsupportedExtensions: [String: String] = [
        "zip": "ZIP archive", "gz": "gzip archive", "tgz": "gzip archive", "tar": "tar archive",
        "rar": "RAR archive", "7z": "7-Zip archive", "bz2": "bzip2 archive", "xz": "xz archive",
        "doc": "Word document", "docx": "Word document", "odt": "OpenDocument text", "rtf": "RTF document",
        "xls": "Excel workbook", "xlsx": "Excel workbook", "ods": "OpenDocument spreadsheet",
        "ppt": "PowerPoint presentation", "pptx": "PowerPoint presentation", "odp": "OpenDocument presentation",
        "epub": "EPUB book", "svg": "SVG image", "heic": "HEIC image", "avif": "AVIF image",
        "exe": "executable", "dll": "library", "so": "library", "bin": "binary file",
        "mp3": "audio", "wav": "audio", "mp4": "video", "mov": "video",
    ]

    // MARK: Magic bytes

    /// The format from the first bytes: PDF, image signatures, HTML, else text when they contain no
    /// binary control bytes.
    static func sniff(_ head: [UInt8]) throws(SearchEngineError) -> DocumentFormat {
        if containsPDFHeader(head) {
            return .pdf
        }
        if isImage(head) {
            return .image
        }
        if let name = binaryName(head) {
            throw .unsupportedFormat(name)
        }
        if looksLikeHTML(head) {
            return .html
        }
        if looksBinary(head) {
            throw .unsupportedFormat("unrecognised binary data")
        }
        return .text
    }

    private static func containsPDFHeader(_ head: [UInt8]) -> Bool {
        let magic = Array("%PDF-".utf8)
        guard head.count >= magic.count else { return false }
        // The header may follow a little junk; readers accept it within the first kilobyte.
        for start in 0...(head.count - magic.count) where head[start] == 0x25 {
            if head[start..<(start + magic.count)].elementsEqual(magic) {
                return true
            }
        }
        return false
    }

    private static func isImage(_ head: [UInt8]) -> Bool {
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return true } // PNG
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return true } // JPEG
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return true } // TIFF
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return true }
        if head.starts(with: Array("RIFF".utf8)), head.count >= 12, head[8..<12].elementsEqual("WEBP".utf8) { return true }
        // BMP: "BM", then the file size, two reserved zero words and the pixel offset.
        if head.starts(with: Array("BM".utf8)), head.count >= 14, head[6] == 0, head[7] == 0, head[8] == 0, head[9] == 0 {
            return true
        }
        return false
    }

    private static func binaryName(_ head: [UInt8]) -> String? {
        let signatures: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "ZIP archive (or .docx/.xlsx/.pptx)"),
            ([0x50, 0x4B, 0x05, 0x06], "ZIP archive"),
            ([0x1F, 0x8B], "gzip archive"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "legacy Office document (.doc/.xls/.ppt)"),
            (Array("Rar!".utf8), "RAR archive"),
            ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7-Zip archive"),
            (Array("{\\rtf".utf8), "RTF document"),
            ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
        ]
        return signatures.first { head.starts(with: $0.0) }?.1
    }

    private static func looksLikeHTML(_ head: [UInt8]) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
        }
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let firstNonSpace = lowered.firstIndex { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) } ?? lowered.endIndex
        let start = Array(lowered[firstNonSpace...])
        let roots = ["<!doctype html", "<html", "<head", "<body"]
        if roots.contains(where: { start.starts(with: Array($0.utf8)) }) {
            return true
        }
        // A leading comment or XML prolog: look for the root element in the sniffed window.
        if start.starts(with: Array("<!--".utf8)) || start.starts(with: Array("<?xml".utf8)) {
            return contains(lowered, Array("<html".utf8)) || contains(lowered, Array("<!doctype html".utf8))
        }
        return false
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
        }
        return false
    }

    /// NUL or other C0 control bytes (besides tab, line feed, form feed, carriage return and escape).
    private static func looksBinary(_ head: [UInt8]) -> Bool {
        head.contains { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains($0) }
    }
}
