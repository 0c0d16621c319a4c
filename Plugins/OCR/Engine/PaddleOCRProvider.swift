import Foundation
import SkillHubCore

/// A PaddleOCR (PaddleX serving) OCR pipeline: `POST {"file": <base64>, "fileType": 1}` to the `/ocr` endpoint,
/// answer `{"errorCode": 0, "result": {"ocrResults": [{"prunedResult": {"rec_texts", "rec_scores", "rec_polys", "rec_boxes"}}]}}`.
public struct PaddleOCRProvider: OCRProvider {
    public let url: String
    public let token: String?
    public let timeout: Duration
    public let decoder: ImageDecoder
    private let transport: HostHTTPTransport

    public init(configuration: OCRConfiguration, transport: @escaping HostHTTPTransport) throws(OCRError) {
        guard let url = configuration.paddleOCRURL, url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw OCRError(.internal, "ocr_type paddleocr needs paddleocr_ocr_api_url (PADDLEOCR_OCR_API_URL), an http(s) URL")
        }
        self.url = url
        token = configuration.paddleOCRToken
        timeout = .milliseconds(configuration.httpTimeoutMS)
        decoder = ImageDecoder(maxBytes: configuration.maxBytes, maxPixels: configuration.maxPixels)
        self.transport = transport
    }

    public func recognize(_ request: OCRRequest) async throws -> OCRResult {
        let started = ContinuousClock.now
        let header = try decoder.inspect(request.image)
        let response = try await transport(httpRequest(for: request))
        let items = try Self.parse(response)
        return OCRResult(
            text: items.map(\.text).joined(separator: "\n"), items: items, width: header.width, height: header.height,
            engine: "paddleocr", languages: request.languages.description, elapsedMS: elapsedMilliseconds(since: started)
        )
    }

    /// The request sent for `request`: the image in base64, no visualisation images back.
    func httpRequest(for request: OCRRequest) throws -> HostHTTPRequest {
        let body: JSONValue = [
            "file": .string(Data(request.image).base64EncodedString()),
            "fileType": 1,
            "useDocOrientationClassify": false,
            "useDocUnwarping": false,
            "visualize": false,
        ]
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "token \(token)" }
        return HostHTTPRequest(method: "POST", url: url, headers: headers, body: Array(try JSONEncoder().encode(body)), timeout: timeout)
    }

    /// Lines from the answer, one per `rec_texts` entry, with `rec_scores` and a box from `rec_boxes` or `rec_polys`.
    static func parse(_ response: HostHTTPResponse) throws(OCRError) -> [OCRItem] {
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body))
        guard (200..<300).contains(response.status), let answer, (answer.errorCode ?? 0) == 0, let result = answer.result else {
            let reason = answer?.errorMsg ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            throw OCRError(.forProviderStatus(response.status), "PaddleOCR answered \(response.status): \(reason)")
        }
        return result.ocrResults.flatMap { page in
            let pruned = page.prunedResult
            return pruned.recTexts.enumerated().map { index, text in
                let box = pruned.recBoxes?[safe: index].flatMap(Self.box(corners:))
                    ?? pruned.recPolys?[safe: index].flatMap { OCRBox(points: $0.compactMap { $0.count >= 2 ? ($0[0], $0[1]) : nil }) }
                return OCRItem(text: text, confidence: pruned.recScores?[safe: index] ?? 0, box: box)
            }
        }
    }

    /// `[x_min, y_min, x_max, y_max]`.
    private static func box(corners: [Double]) -> OCRBox? {
        guard corners.count == 4 else { return nil }
        return OCRBox(points: [(corners[0], corners[1]), (corners[2], corners[3])])
    }

    struct Answer: Decodable {
        var errorCode: Int?
        var errorMsg: String?
        var result: Result?

        struct Result: Decodable {
            var ocrResults: [Page]
        }

        struct Page: Decodable {
            var prunedResult: Pruned
        }

        struct Pruned: Decodable {
            var recTexts: [String]
            var recScores: [Double]?
            var recPolys: [[[Double]]]?
            var recBoxes: [[Double]]?

            enum CodingKeys: String, CodingKey {
                case recTexts = "rec_texts", recScores = "rec_scores", recPolys = "rec_polys", recBoxes = "rec_boxes"
            }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
