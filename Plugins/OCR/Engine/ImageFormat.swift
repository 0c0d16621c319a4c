/// An image format recognised by its first bytes.
enum ImageFormat: String, Sendable {
    case png = "PNG", jpeg = "JPEG", tiff = "TIFF", bmp = "BMP", gif = "GIF", webp = "WebP"

    /// The format of `bytes`, or an error naming why it cannot be read: not an image at all,
    /// or an image format that the decoder does not take.
    static func detect(_ bytes: [UInt8]) throws(OCRError) -> ImageFormat {
        if let format = supported.first(where: { bytes.starts(with: $0.magic) && $0.matchesRest(bytes) }) {
            return format
        }
        if let name = unsupportedName(bytes) {
            throw .invalid("unsupported image format \(name); send PNG, JPEG, TIFF, BMP, GIF or WebP")
        }
        throw .invalid("the data is not an image (expected PNG, JPEG, TIFF, BMP, GIF or WebP)")
    }

    private static let supported: [ImageFormat] = [.png, .jpeg, .tiff, .bmp, .gif, .webp]

    private var magic: [UInt8] {
        switch self {
        case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .jpeg: [0xFF, 0xD8, 0xFF]
        case .tiff: [] // either byte order, see matchesRest
        case .bmp: Array("BM".utf8)
        case .gif: Array("GIF8".utf8)
        case .webp: Array("RIFF".utf8)
        }
    }

    private func matchesRest(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .tiff: bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        case .webp: bytes.count >= 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)
        case .bmp: bytes.count >= 26
        default: true
        }
    }

    /// Width and height read straight from a GIF or BMP header. Leptonica decodes these two whole to
    /// answer a header query, so their size is checked here first (a small GIF can claim a huge canvas).
    func plainDimensions(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        func little(_ offset: Int, _ count: Int) -> Int? {
            guard bytes.count >= offset + count else { return nil }
            return bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        switch self {
        case .gif:
            guard let width = little(6, 2), let height = little(8, 2) else { return nil }
            return (width, height)
        case .bmp:
            // Signed 32-bit; a negative height means rows stored top down.
            guard let width = little(18, 4), let height = little(22, 4) else { return nil }
            return (abs(Int(Int32(truncatingIfNeeded: width))), abs(Int(Int32(truncatingIfNeeded: height))))
        default:
            return nil
        }
    }

    /// Names formats people send that are images (or documents) but not ones this skill decodes.
    private static func unsupportedName(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self)
        if head.hasPrefix("%PDF") { return "PDF" }
        if bytes.count >= 12, Array(bytes[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            return ["heic", "heix", "mif1", "hevc"].contains(brand) ? "HEIC" : (brand.hasPrefix("avi") ? "AVIF" : "ISO media (\(brand))")
        }
        if head.hasPrefix("<svg") || (head.hasPrefix("<?xml") && head.contains("svg")) { return "SVG" }
        if bytes.starts(with: [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50]) || bytes.starts(with: [0xFF, 0x4F, 0xFF, 0x51]) { return "JPEG 2000" }
        if bytes.starts(with: [0x00, 0x00, 0x01, 0x00]) { return "ICO" }
        if head.hasPrefix("8BPS") { return "PSD" }
        if head.hasPrefix("RIFF") { return "RIFF (not WebP)" }
        return nil
    }
}
