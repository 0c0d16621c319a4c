import Foundation
import OCREngine
import SkillHubTestSupport
import Testing
import VolcengineSigning

@Suite("Volcengine OCRNormal provider through a fake transport")
struct VolcengineProviderTests {
    static let date = Date(timeIntervalSince1970: 1_714_979_289) // 2024-05-06T07:08:09Z

    /// Shape of OCRNormal's answer (volc-sdk-golang service/visual/model OCRNormalResult).
    static let answer = """
    {"request_id": "20240506150809A1B2C3", "time_elapsed": "183.6ms", "code": 10000, "message": "Success",
     "data": {"line_texts": ["火山引擎", "Volcano Engine OCR"],
              "line_rects": [{"x": 12, "y": 8, "width": 120, "height": 30}, {"x": 10, "y": 50, "width": 230, "height": 28}],
              "line_probs": [0.998, 0.976],
              "chars": [], "polygons": [[[12, 8], [132, 8], [132, 38], [12, 38]], [[10, 50], [240, 50], [240, 78], [10, 78]]]}}
    """

    /// Worked out independently, following volc-sdk-golang base/sign.go.
    @Test func signatureMatchesTheReferenceAlgorithm() throws {
        let signer = VolcengineSigner(accessKey: "AKLTexample", secretKey: "c2VjcmV0LWtleQ==", region: "cn-north-1", service: "cv")
        let url = try #require(URL(string: "https://visual.volcengineapi.com/?Version=2020-08-26&Action=OCRNormal"))
        let headers = signer.sign(
            method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("image_base64=iVBORw0KGgo%3D".utf8), date: Self.date
        )
        #expect(headers["X-Date"] == "20240506T070809Z")
        #expect(headers["X-Content-Sha256"] == "91d63eedeb05f8d9ce7bd47599db9c5c6536ec5d1f7b7dd79896edeeb318a06c")
        #expect(headers["Authorization"] == "HMAC-SHA256 Credential=AKLTexample/20240506/cn-north-1/cv/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=d37c699bd32a1d5b5dd5d40694180a8d5fbbc76ad85b6fa1c91bf4dfa8d99449")
    }

    func provider(_ fake: FakeTransport, endpoint: String = "https://visual.volcengineapi.com") throws -> VolcengineOCRProvider {
        try VolcengineOCRProvider(
            configuration: OCRConfiguration(["ocr_type": "ve", "ve_ocr_ak": "AKLTexample", "ve_ocr_sk": "c2VjcmV0LWtleQ==", "ve_ocr_endpoint": .string(endpoint)]),
            transport: fake.transport, clock: { Self.date }
        )
    }

    @Test func requestAndAnswer() async throws {
        let fake = FakeTransport(json: Self.answer)
        let image = try TestImages.render("volcengine", pointSize: 30)
        let result = try await provider(fake).recognize(try request(image))

        let sent = try #require(fake.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.url == "https://visual.volcengineapi.com/?Action=OCRNormal&Version=2020-08-26")
        let form = String(decoding: sent.body, as: UTF8.self)
        let encoded = try #require(form.split(separator: "=", maxSplits: 1).last.map(String.init))
        #expect(form.hasPrefix("image_base64="))
        #expect(encoded.removingPercentEncoding == Data(image).base64EncodedString())
        #expect(!encoded.contains("+") && !encoded.contains("/"))
        var expected = VolcengineSigner(accessKey: "AKLTexample", secretKey: "c2VjcmV0LWtleQ==", region: "cn-north-1", service: "cv").sign(
            method: "POST", url: try #require(URL(string: sent.url)), headers: ["Content-Type": "application/x-www-form-urlencoded"], body: sent.body, date: Self.date
        )
        expected["Host"] = "visual.volcengineapi.com"
        #expect(sent.headers == expected)

        #expect(result.engine == "volcengine OCRNormal")
        #expect(result.text == "火山引擎\nVolcano Engine OCR")
        #expect(result.items[1] == OCRItem(text: "Volcano Engine OCR", confidence: 0.976, box: OCRBox(x: 10, y: 50, width: 230, height: 28)))
    }

    @Test("A test endpoint with a port is signed with host:port")
    func fakeEndpoint() async throws {
        let fake = FakeTransport(json: Self.answer)
        _ = try await provider(fake, endpoint: "http://127.0.0.1:9099/").recognize(try request(TestImages.render("x")))
        let sent = try #require(fake.requests.first)
        #expect(sent.url == "http://127.0.0.1:9099/?Action=OCRNormal&Version=2020-08-26")
        #expect(sent.headers["Host"] == "127.0.0.1:9099")
    }

    @Test("Refused signature and failed recognition become clear errors")
    func errorAnswers() async throws {
        let refused = FakeTransport(status: 401, json: """
        {"ResponseMetadata": {"RequestId": "r1", "Action": "OCRNormal", "Version": "2020-08-26", "Service": "cv", "Region": "cn-north-1",
         "Error": {"CodeN": 100010, "Code": "SignatureDoesNotMatch", "Message": "The request signature we calculated does not match the signature you provided."}}}
        """)
        await #expect { try await provider(refused).recognize(try request(TestImages.render("x"))) } throws: { error in
            (error as? OCRError).map { $0.kind == .internal && $0.message.contains("signature we calculated") } ?? false
        }
        let failed = FakeTransport(status: 400, json: #"{"code": 60102, "message": "Image Decode Error", "request_id": "r2", "data": null}"#)
        await #expect { try await provider(failed).recognize(try request(TestImages.render("x"))) } throws: { error in
            (error as? OCRError).map { $0.kind == .invalidInput && $0.message.contains("code 60102: Image Decode Error") } ?? false
        }
    }
}
