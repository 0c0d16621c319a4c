import Foundation
import OCREngine
import SkillHubTestSupport
import Testing

@Suite("PaddleOCR provider through a fake transport")
struct PaddleOCRProviderTests {
    /// The shape of the PaddleX OCR pipeline's serving answer (docs: pipeline_usage/OCR, "API Reference").
    static let answer = """
    {"logId": "0a6e6f3e-4b8a-4a58-9c43-4f3d0c3f0b11", "errorCode": 0, "errorMsg": "Success",
     "result": {"ocrResults": [{"prunedResult": {
        "model_settings": {"use_doc_preprocessor": false, "use_textline_orientation": false},
        "dt_polys": [[[10, 12], [210, 12], [210, 44], [10, 44]], [[12, 60], [160, 62], [159, 90], [11, 88]]],
        "text_det_params": {"limit_side_len": 64, "limit_type": "min", "thresh": 0.3, "box_thresh": 0.6, "unclip_ratio": 1.5},
        "text_type": "general", "textline_orientation_angles": [-1, -1], "text_rec_score_thresh": 0.0,
        "rec_texts": ["登机牌 BOARDING PASS", "航班 FLIGHT MU2379"],
        "rec_scores": [0.9921, 0.9784],
        "rec_polys": [[[10, 12], [210, 12], [210, 44], [10, 44]], [[12, 60], [160, 62], [159, 90], [11, 88]]],
        "rec_boxes": [[10, 12, 210, 44], [11, 60, 160, 90]]},
        "ocrImage": null, "docPreprocessingImage": null, "inputImage": null}],
      "dataInfo": {"width": 240, "height": 100, "type": "image"}}}
    """

    func provider(_ fake: FakeTransport) throws -> PaddleOCRProvider {
        try PaddleOCRProvider(configuration: OCRConfiguration(["ocr_type": "paddleocr", "paddleocr_ocr_api_url": "http://paddle.test:8080/ocr", "paddleocr_ocr_token": "t0k"]), transport: fake.transport)
    }

    @Test func requestAndAnswer() async throws {
        let fake = FakeTransport(json: Self.answer)
        let image = try TestImages.render("paddle", pointSize: 30)
        let result = try await provider(fake).recognize(try request(image))

        let sent = try #require(fake.requests.first)
        #expect(sent.method == "POST" && sent.url == "http://paddle.test:8080/ocr")
        #expect(sent.headers["Content-Type"] == "application/json")
        #expect(sent.headers["Authorization"] == "token t0k")
        let body = try jsonObject(sent.body)
        #expect(body["file"] as? String == Data(image).base64EncodedString())
        #expect(body["fileType"] as? Int == 1)
        #expect(body["visualize"] as? Bool == false)

        #expect(result.engine == "paddleocr")
        #expect(result.text == "登机牌 BOARDING PASS\n航班 FLIGHT MU2379")
        #expect(result.items[0] == OCRItem(text: "登机牌 BOARDING PASS", confidence: 0.9921, box: OCRBox(x: 10, y: 12, width: 200, height: 32)))
        #expect(result.items[1].box == OCRBox(x: 11, y: 60, width: 149, height: 30))
        #expect(result.width > 0 && result.height > 0)
    }

    @Test("Boxes come from rec_polys when rec_boxes is absent; no scores means confidence 0")
    func polygonsOnly() async throws {
        let fake = FakeTransport(json: """
        {"errorCode": 0, "errorMsg": "Success", "result": {"ocrResults": [{"prunedResult": {
          "rec_texts": ["hello"], "rec_polys": [[[5, 6], [55, 8], [54, 30], [4, 28]]]}}]}}
        """)
        let result = try await provider(fake).recognize(try request(TestImages.render("x")))
        #expect(result.items == [OCRItem(text: "hello", confidence: 0, box: OCRBox(x: 4, y: 6, width: 51, height: 24))])
    }

    @Test("An error answer becomes a clear error")
    func errorAnswer() async throws {
        let fake = FakeTransport(status: 422, json: #"{"logId": "x", "errorCode": 422, "errorMsg": "Input validation failed: file"}"#)
        await #expect { try await provider(fake).recognize(try request(TestImages.render("x"))) } throws: { error in
            (error as? OCRError).map { $0.kind == .invalidInput && $0.message.contains("Input validation failed") } ?? false
        }
        let down = FakeTransport(status: 503, json: "Service Unavailable")
        await #expect { try await provider(down).recognize(try request(TestImages.render("x"))) } throws: { error in
            (error as? OCRError)?.kind == .unavailable
        }
    }

    @Test("A bad image is refused before anything is sent")
    func badImageNotSent() async throws {
        let fake = FakeTransport(json: Self.answer)
        await #expect(throws: OCRError.self) { try await provider(fake).recognize(try request(Array("nope".utf8))) }
        #expect(fake.requests.isEmpty)
    }
}
