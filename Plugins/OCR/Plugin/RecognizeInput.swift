import Foundation
import OCREngine
import SkillHubCore
import SkillKit

/// `recognize`'s input, checked field by field so every mistake gets its own message.
struct RecognizeInput: Sendable {
    enum Source: Sendable, Equatable {
        case image([UInt8])
        case url(String)
    }

    var source: Source
    var languages: LanguageSet
    var pageSegmentationMode: Int
    var level: OCRLevel

    static let fields: Set = ["image", "url", "languages", "psm", "level"]

    init(_ bytes: [UInt8], configuration: OCRConfiguration) throws(SkillError) {
        guard case .object(let object)? = try? JSONValue(parsing: bytes) else {
            throw SkillError(.invalidInput, "the input must be a JSON object with image (base64) or url")
        }
        if let unknown = object.keys.filter({ !Self.fields.contains($0) }).sorted().first {
            throw SkillError(.invalidInput, "unknown field '\(unknown)'; recognize takes image, url, languages, psm and level")
        }
        switch (object["image"], object["url"]) {
        case (.string(let image)?, nil): source = .image(try Self.decodeBase64(image, maxBytes: configuration.maxBytes))
        case (nil, .string(let url)?): source = .url(url)
        case (nil, nil): throw SkillError(.invalidInput, "one of image (base64) or url is required")
        case (.some, .some): throw SkillError(.invalidInput, "give image or url, not both")
        default: throw SkillError(.invalidInput, "image and url must be strings")
        }
        let languageNames = try Self.string(object["languages"], "languages") ?? configuration.defaultLanguages
        do throws(OCRError) {
            languages = try LanguageSet(languageNames)
        } catch {
            throw error.skillError
        }
        pageSegmentationMode = try Self.psm(object["psm"])
        let levelName = try Self.string(object["level"], "level") ?? OCRLevel.line.rawValue
        guard let level = OCRLevel(rawValue: levelName) else {
            throw SkillError(.invalidInput, "level must be 'line' or 'word'; got '\(levelName)'")
        }
        self.level = level
    }

    /// The engine's request, once the image is at hand.
    func request(image: [UInt8]) -> OCRRequest {
        OCRRequest(image: image, languages: languages, pageSegmentationMode: pageSegmentationMode, level: level)
    }

    private static func string(_ value: JSONValue?, _ name: String) throws(SkillError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw SkillError(.invalidInput, "\(name) must be a string")
        }
    }

    private static func psm(_ value: JSONValue?) throws(SkillError) -> Int {
        switch value {
        case nil, .null?: return 3
        case .number(let number)? where number.rounded() == number && (0...13).contains(number): return Int(number)
        default: throw SkillError(.invalidInput, "psm must be an integer 0…13 (Tesseract page segmentation mode)")
        }
    }

    /// Base64 (standard or URL-safe, whitespace and a `data:…;base64,` prefix allowed), refused early when too large.
    /// Read byte by byte: filtering characters and Foundation's `replacingOccurrences` took milliseconds on an image.
    static func decodeBase64(_ text: String, maxBytes: Int) throws(SkillError) -> [UInt8] {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(payload.utf8.count + 3)
        for byte in payload.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0x0B, 0x0C: continue
            case UInt8(ascii: "-"): cleaned.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): cleaned.append(UInt8(ascii: "/"))
            default: cleaned.append(byte)
            }
        }
        guard cleaned.count / 4 * 3 <= maxBytes + 3 else {
            throw SkillError(.invalidInput, "the image is about \(cleaned.count / 4 * 3) bytes, over the limit of \(maxBytes) bytes (ocr_max_bytes)")
        }
        cleaned += repeatElement(UInt8(ascii: "="), count: (4 - cleaned.count % 4) % 4)
        guard !cleaned.isEmpty, let data = Data(base64Encoded: Data(cleaned)) else {
            throw SkillError(.invalidInput, "image is not valid base64")
        }
        return Array(data)
    }
}
