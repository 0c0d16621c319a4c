import Foundation
import SkillHubCore
import VolcengineSigning

/// Volcengine's general OCR (`OCRNormal`, version 2020-08-26, service `cv`): a signed form POST of
/// `image_base64`, answer `{"code": 10000, "data": {"line_texts", "line_rects", "line_probs"}}`.
public struct VolcengineOCRProvider: OCRProvider {
    public let endpoint: String
    public let signer: VolcengineSigner
    public let timeout: Duration
    public let decoder: ImageDecoder
    private let transport: HostHTTPTransport
    private let clock: @Sendable () -> Date

    static let query = [("Action", "OCRNormal"), ("Version", "2020-08-26")]
    static let contentType = "application/x-www-form-urlencoded"

    public init(configuration: OCRConfiguration, transport: @escaping HostHTTPTransport, clock: @escaping @Sendable () -> Date = Date.init) throws(OCRError) {
        guard let accessKey = configuration.volcengineAccessKey, let secretKey = configuration.volcengineSecretKey else {
            throw OCRError(.internal, "ocr_type ve needs ve_ocr_ak and ve_ocr_sk (VE_OCR_AK, VE_OCR_SK)")
        }
        let endpoint = configuration.volcengineEndpoint.hasSuffix("/") ? String(configuration.volcengineEndpoint.dropLast()) : configuration.volcengineEndpoint
        guard Self.host(of: endpoint) != nil else {
            throw OCRError(.internal, "ve_ocr_endpoint must be an http(s) URL; got '\(configuration.volcengineEndpoint)'")
        }
        self.endpoint = endpoint
        signer = VolcengineSigner(accessKey: accessKey, secretKey: secretKey, region: configuration.volcengineRegion, service: "cv")
        timeout = .milliseconds(configuration.httpTimeoutMS)
        decoder = ImageDecoder(maxBytes: configuration.maxBytes, maxPixels: configuration.maxPixels)
        self.transport = transport
        self.clock = clock
    }

    public func recognize(_ request: OCRRequest) async throws -> OCRResult {
        let started = ContinuousClock.now
        let header = try decoder.inspect(request.image)
        let response = try await transport(try httpRequest(for: request))
        let items = try Self.parse(response)
        return OCRResult(
            text: items.map(\.text).joined(separator: "\n"), items: items, width: header.width, height: header.height,
            engine: "volcengine OCRNormal", languages: request.languages.description, elapsedMS: elapsedMilliseconds(since: started)
        )
    }

    /// The signed request for `request`.
    func httpRequest(for request: OCRRequest) throws(OCRError) -> HostHTTPRequest {
        let body = Array("image_base64=\(Data(request.image).base64EncodedString().rfc3986Encoded)".utf8)
        let address = "\(endpoint)/?\(canonicalQuery(Self.query))"
        guard let url = URL(string: address), let host = Self.host(of: endpoint) else {
            throw OCRError(.internal, "ve_ocr_endpoint does not make a URL: '\(address)'")
        }
        var headers = signer.sign(method: "POST", url: url, headers: ["Content-Type": Self.contentType], body: body, date: clock())
        headers["Host"] = host
        return HostHTTPRequest(method: "POST", url: address, headers: headers, body: body, timeout: timeout)
    }

    /// Lines from the answer; an error code or status becomes an ``OCRError`` with Volcengine's message.
    static func parse(_ response: HostHTTPResponse) throws(OCRError) -> [OCRItem] {
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body))
        guard (200..<300).contains(response.status), let answer, answer.code == 10000, let data = answer.data else {
            let reason = answer?.message ?? answer?.responseMetadata?.error?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            throw OCRError(.forProviderStatus(response.status), "Volcengine OCR answered \(response.status)\(answer?.code.map { " code \($0)" } ?? ""): \(reason)")
        }
        return data.lineTexts.enumerated().map { index, text in
            let rect = data.lineRects?[safe: index]
            return OCRItem(
                text: text, confidence: data.lineProbs?[safe: index] ?? 0,
                box: rect.map { OCRBox(x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
            )
        }
    }

    /// `host[:port]` of an http(s) URL, the port left out when it is the scheme's default.
    static func host(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty else { return nil }
        guard let port = components.port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    struct Answer: Decodable {
        var code: Int?
        var message: String?
        var data: Lines?
        var responseMetadata: Metadata?

        enum CodingKeys: String, CodingKey {
            case code, message, data
            case responseMetadata = "ResponseMetadata"
        }

        struct Lines: Decodable {
            var lineTexts: [String]
            var lineRects: [Rect]?
            var lineProbs: [Double]?

            enum CodingKeys: String, CodingKey {
                case lineTexts = "line_texts", lineRects = "line_rects", lineProbs = "line_probs"
            }
        }

        struct Rect: Decodable {
            var x: Int, y: Int, width: Int, height: Int
        }

        struct Metadata: Decodable {
            var error: Failure?
            enum CodingKeys: String, CodingKey { case error = "Error" }
        }

        struct Failure: Decodable {
            var message: String?
            enum CodingKeys: String, CodingKey { case message = "Message" }
        }
    }
}
