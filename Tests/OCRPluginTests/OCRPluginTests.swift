import CSkillHubPlugin
import Foundation
import OCREngine
import SkillHubCore
import SkillHubTestSupport
import Testing

/// The plugin through its C table, as the host drives it.
@Suite("OCR plugin through the ABI")
struct OCRPluginTests {
    let host = FakeHost.shared

    static func png(_ text: String, pointSize: Int = 32) throws -> [UInt8] {
        try TestImages.render(text, pointSize: pointSize)
    }

    func started(_ configuration: [String: JSONValue] = ["ocr_pool_size": "1"]) async throws -> UncheckedInstance {
        let (status, instance) = await host.start(configuration)
        try #require(status == SKH_OK)
        return instance
    }

    func result(_ output: String) throws -> OCRResult {
        try JSONDecoder().decode(OCRResult.self, from: Data(output.utf8))
    }

    @Test func descriptor() throws {
        let bytes = host.plugin.pointee.descriptor
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(UnsafeBufferPointer(start: bytes.ptr, count: bytes.len)))
        guard case .object(let descriptor) = json, case .array(let capabilities)? = descriptor["capabilities"],
              case .object(let recognize)? = capabilities.first, case .object(let config)? = descriptor["default_config"] else {
            Issue.record("descriptor shape: \(json)")
            return
        }
        #expect(descriptor["name"] == "ocr" && descriptor["version"] == "1.0.0")
        #expect(recognize["name"] == "recognize" && recognize["category"] == "vision")
        guard case .object(let schema)? = recognize["parameters"], case .object(let properties)? = schema["properties"] else {
            Issue.record("no schema")
            return
        }
        #expect(Set(properties.keys) == ["image", "url", "languages", "psm", "level"])
        #expect(config["ocr_type"] == "tesseract" && config["ocr_pool_size"] == 2 && config["ve_ocr_endpoint"] == "https://visual.volcengineapi.com")
    }

    @Test func recognizeBase64() async throws {
        let instance = try await started()
        let input = #"{"image": "data:image/png;base64,\#(Data(try Self.png("Plugin says hello")).base64EncodedString())", "languages": "eng", "level": "word"}"#
        let (status, output) = await host.invoke(instance, "recognize", input)
        try #require(status == SKH_OK, "\(output)")
        let result = try result(output)
        #expect(result.text == "Plugin says hello")
        #expect(result.items.map(\.text) == ["Plugin", "says", "hello"])
        #expect(output.contains("\"elapsed_ms\""))
    }

    @Test func base64WrappedOrURLSafeOrUnpaddedIsTakenToo() async throws {
        let instance = try await started()
        let standard = Data(try Self.png("Wrapped text")).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        // URL-safe alphabet, no padding, lines wrapped as MIME does (escaped as JSON).
        let variant = String(standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").drop { $0 == "=" })
            .trimmingCharacters(in: CharacterSet(charactersIn: "="))
            .replacingOccurrences(of: "\r\n", with: "\\r\\n")
        let (status, output) = await host.invoke(instance, "recognize", #"{"image": "\#(variant)", "languages": "eng"}"#)
        try #require(status == SKH_OK, "\(output)")
        #expect(try result(output).text == "Wrapped text")
    }

    @Test func recognizeByURL() async throws {
        let instance = try await started()
        let url = "https://images.test/hello.png"
        host.answer(url, .init(body: try Self.png("Fetched through the host")))
        let (status, output) = await host.invoke(instance, "recognize", #"{"url": "\#(url)", "languages": "eng"}"#)
        try #require(status == SKH_OK, "\(output)")
        #expect(try result(output).text == "Fetched through the host")
        let sent = try #require(host.sent(to: url).first)
        #expect(sent["method"] == "GET" && sent["timeout_ms"] == 15000)
    }

    @Test("URL failures", arguments: [
        ("ftp://images.test/a.png", FakeHost.HTTPAnswer(), SKH_ERR_INVALID_INPUT, "http or https"),
        ("https://images.test/missing.png", FakeHost.HTTPAnswer(code: 404), SKH_ERR_INVALID_INPUT, "answered HTTP 404"),
        ("https://images.test/down.png", FakeHost.HTTPAnswer(status: SKH_ERR_UNAVAILABLE), SKH_ERR_UNAVAILABLE, "no answer"),
        ("https://images.test/big.png", FakeHost.HTTPAnswer(body: Array(repeating: 0x89, count: 3_000)), SKH_ERR_INVALID_INPUT, "over the limit of 2000"),
    ])
    func urlFailures(url: String, answer: FakeHost.HTTPAnswer, expected: skh_status, phrase: String) async throws {
        let instance = try await started(["ocr_max_bytes": "2000"])
        host.answer(url, answer)
        let (status, output) = await host.invoke(instance, "recognize", #"{"url": "\#(url)"}"#)
        #expect(status == expected)
        #expect(output.contains(phrase), "\(output)")
    }

    @Test("Bad inputs answer invalid input, then a good call succeeds", arguments: [
        ("not json", "JSON object"),
        ("{}", "one of image (base64) or url is required"),
        (#"{"image": "aGk=", "url": "https://x.test/a.png"}"#, "not both"),
        (#"{"image": "%%%"}"#, "not valid base64"),
        (#"{"image": "aGVsbG8gd29ybGQ="}"#, "not an image"),
        (#"{"image": "aGk=", "psm": 20}"#, "psm must be an integer 0…13"),
        (#"{"image": "aGk=", "level": "char"}"#, "level must be 'line' or 'word'"),
        (#"{"image": "aGk=", "langs": "eng"}"#, "unknown field 'langs'"),
        (#"{"image": "aGk=", "languages": "eng+../x"}"#, "languages must be"),
    ])
    func badInputs(input: String, phrase: String) async throws {
        let instance = try await started()
        let (status, output) = await host.invoke(instance, "recognize", input)
        #expect(status == SKH_ERR_INVALID_INPUT)
        #expect(output.contains(phrase), "\(output)")
        let good = #"{"image": "\#(Data(try Self.png("Good after bad")).base64EncodedString())", "languages": "eng"}"#
        let (after, text) = await host.invoke(instance, "recognize", good)
        #expect(after == SKH_OK)
        #expect(try result(text).text == "Good after bad")
    }

    @Test func unknownLanguageAndCapability() async throws {
        let instance = try await started()
        let image = Data(try Self.png("x")).base64EncodedString()
        let (status, output) = await host.invoke(instance, "recognize", #"{"image": "\#(image)", "languages": "eng+klingon"}"#)
        #expect(status == SKH_ERR_INVALID_INPUT && output.contains("unknown language klingon"))
        let (unknown, _) = await host.invoke(instance, "translate", "{}")
        #expect(unknown == SKH_ERR_UNKNOWN_CAPABILITY)
    }

    @Test("A misconfigured provider refuses to start")
    func misconfigured() async {
        #expect(await host.start(["ocr_type": "paddleocr"]).0 == SKH_ERR_INTERNAL)
        #expect(await host.start(["ocr_pool_size": "many"]).0 == SKH_ERR_INTERNAL)
    }

    @Test("PaddleOCR through the host's http service")
    func paddleThroughHost() async throws {
        let url = "http://paddle.test:8080/ocr"
        let instance = try await started(["ocr_type": "paddleocr", "paddleocr_ocr_api_url": .string(url)])
        host.answer(url, .init(body: Array(#"{"errorCode": 0, "errorMsg": "Success", "result": {"ocrResults": [{"prunedResult": {"rec_texts": ["你好"], "rec_scores": [0.99], "rec_boxes": [[1, 2, 30, 20]]}}]}}"#.utf8)))
        let (status, output) = await host.invoke(instance, "recognize", #"{"image": "\#(Data(try Self.png("x")).base64EncodedString())"}"#)
        try #require(status == SKH_OK, "\(output)")
        let result = try result(output)
        #expect(result.engine == "paddleocr" && result.text == "你好")
        #expect(result.items.first?.box == OCRBox(x: 1, y: 2, width: 29, height: 18))
        #expect(host.sent(to: url).first?["method"] == "POST")
    }
}
