import OCREngine
import SkillHubCore
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaults() throws {
        let configuration = try OCRConfiguration([:])
        #expect(configuration.provider == .tesseract)
        #expect(configuration.poolSize == 2)
        #expect(configuration.maxBytes == 20 * 1024 * 1024)
        #expect(configuration.maxPixels == 40_000_000)
        #expect(configuration.defaultLanguages == "eng+chi_sim")
        #expect(configuration.volcengineEndpoint == "https://visual.volcengineapi.com")
    }

    @Test("Values from environment variables arrive as strings")
    func stringsFromEnvironment() throws {
        let configuration = try OCRConfiguration([
            "ocr_type": "PaddleOCR", "ocr_pool_size": "4", "ocr_max_bytes": " 1048576 ", "ocr_max_pixels": "1000000",
            "paddleocr_ocr_api_url": "http://paddle:8080/ocr", "ve_ocr_ak": "", "ocr_http_timeout_ms": 2500,
        ])
        #expect(configuration.provider == .paddleocr)
        #expect(configuration.poolSize == 4)
        #expect(configuration.maxBytes == 1_048_576)
        #expect(configuration.maxPixels == 1_000_000)
        #expect(configuration.paddleOCRURL == "http://paddle:8080/ocr")
        #expect(configuration.volcengineAccessKey == nil)
        #expect(configuration.httpTimeoutMS == 2500)
    }

    @Test("Wrong values are refused with the key's name", arguments: [
        ("ocr_type", JSONValue.string("azure")), ("ocr_pool_size", "two"), ("ocr_pool_size", 0), ("ocr_max_bytes", 1.5), ("ve_ocr_ak", 7),
    ])
    func refused(key: String, value: JSONValue) {
        #expect { try OCRConfiguration([key: value]) } throws: { error in
            (error as? OCRError)?.message.contains(key == "ocr_type" ? "ocr_type" : key) == true
        }
    }

    @Test("Remote providers need their keys")
    func remoteProvidersNeedKeys() throws {
        let transport: HostHTTPTransport = { _ in HostHTTPResponse(status: 500, body: []) }
        #expect(throws: OCRError.self) { try OCRProviders.make(OCRConfiguration(["ocr_type": "paddleocr"]), transport: transport) }
        #expect(throws: OCRError.self) { try OCRProviders.make(OCRConfiguration(["ocr_type": "ve", "ve_ocr_ak": "a"]), transport: transport) }
        let ve = try OCRProviders.make(OCRConfiguration(["ocr_type": "ve", "ve_ocr_ak": "a", "ve_ocr_sk": "b"]), transport: transport)
        #expect(ve is VolcengineOCRProvider)
    }
}
