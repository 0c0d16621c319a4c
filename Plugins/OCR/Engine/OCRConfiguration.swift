import Foundation
import SkillHubCore

/// The skill's settings. Keys are lowercase; the host fills them from environment variables of the same
/// name in capitals, so every number may also arrive as a string.
public struct OCRConfiguration: Sendable {
    public enum Provider: String, Sendable {
        case tesseract, paddleocr, ve
    }

    /// `ocr_type`: `tesseract` (default), `paddleocr` or `ve`.
    public var provider: Provider = .tesseract
    /// `ocr_pool_size`: Tesseract engines kept, and recognitions run at once (default 2).
    public var poolSize = 2
    /// `ocr_max_bytes`: largest encoded image (default 20 MiB).
    public var maxBytes = 20 * 1024 * 1024
    /// `ocr_max_pixels`: largest width × height (default 40 M).
    public var maxPixels = 40_000_000
    /// `ocr_languages`: used when a request names none (default `eng+chi_sim`).
    public var defaultLanguages = "eng+chi_sim"
    /// `ocr_tessdata_dir`: where the `.traineddata` files are; found by itself when empty.
    public var tessdataDirectory: String?
    /// `ocr_http_timeout_ms`: for remote providers and images fetched by URL (default 15 s).
    public var httpTimeoutMS = 15_000
    /// `paddleocr_ocr_api_url`: the PaddleOCR serving endpoint, e.g. `http://paddle:8080/ocr`.
    public var paddleOCRURL: String?
    /// `paddleocr_ocr_token`: sent as `Authorization: token …` when set (AI Studio hosted services).
    public var paddleOCRToken: String?
    /// `ve_ocr_ak`, `ve_ocr_sk`: Volcengine access key pair.
    public var volcengineAccessKey: String?
    public var volcengineSecretKey: String?
    /// `ve_ocr_endpoint` (default `https://visual.volcengineapi.com`) and `ve_ocr_region` (default `cn-north-1`).
    public var volcengineEndpoint = "https://visual.volcengineapi.com"
    public var volcengineRegion = "cn-north-1"

    public init() {}

    /// Reads the keys above; a value of the wrong shape is a clear error, an absent or empty one keeps the default.
    public init(_ values: [String: JSONValue]) throws(OCRError) {
        let reader = ConfigurationReader(values: values)
        if let type = try reader.string("ocr_type") {
            guard let provider = Provider(rawValue: type.lowercased()) else {
                throw OCRError(.internal, "ocr_type must be tesseract, paddleocr or ve; got '\(type)'")
            }
            self.provider = provider
        }
        poolSize = try reader.integer("ocr_pool_size", in: 1...64) ?? poolSize
        maxBytes = try reader.integer("ocr_max_bytes", in: 1...Int(Int32.max)) ?? maxBytes
        maxPixels = try reader.integer("ocr_max_pixels", in: 1...1_000_000_000) ?? maxPixels
        defaultLanguages = try reader.string("ocr_languages") ?? defaultLanguages
        tessdataDirectory = try reader.string("ocr_tessdata_dir")
        httpTimeoutMS = try reader.integer("ocr_http_timeout_ms", in: 1...600_000) ?? httpTimeoutMS
        paddleOCRURL = try reader.string("paddleocr_ocr_api_url")
        paddleOCRToken = try reader.string("paddleocr_ocr_token")
        volcengineAccessKey = try reader.string("ve_ocr_ak")
        volcengineSecretKey = try reader.string("ve_ocr_sk")
        volcengineEndpoint = try reader.string("ve_ocr_endpoint") ?? volcengineEndpoint
        volcengineRegion = try reader.string("ve_ocr_region") ?? volcengineRegion
    }
}

/// Typed reads from the configuration object.
private struct ConfigurationReader {
    let values: [String: JSONValue]

    func string(_ key: String) throws(OCRError) -> String? {
        switch values[key] {
        case nil, .null: return nil
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        default: throw OCRError(.internal, "configuration \(key) must be a string")
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(OCRError) -> Int? {
        let number: Int?
        switch values[key] {
        case nil, .null: return nil
        case .number(let value): number = value.rounded() == value && abs(value) < 1e15 ? Int(value) : nil
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            number = Int(trimmed)
        default: number = nil
        }
        guard let number, range.contains(number) else {
            throw OCRError(.internal, "configuration \(key) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }
}
