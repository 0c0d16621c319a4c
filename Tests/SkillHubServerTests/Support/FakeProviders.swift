import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SkillHubCore

/// Faithful fakes of the remote model APIs the built-in plugins call, on one
/// loopback port: Hugging Face TEI's `POST /rerank`, VikingDB's signed
/// `POST /api/knowledge/service/rerank`, and Volcengine's signed OCRNormal
/// (`POST /?Action=OCRNormal&Version=2020-08-26`, a form body). Scores are
/// the share of query words a text contains. Each remembers the requests it saw.
final class FakeProviders: Sendable {
    private let port = NIOLockedValueBox<Int?>(nil)
    private let seen = NIOLockedValueBox<[String: [HTTPFields]]>([:])
    private let task = NIOLockedValueBox<Task<Void, any Error>?>(nil)

    /// The base URL, `http://127.0.0.1:PORT`.
    var base: String { "http://127.0.0.1:\(port.withLockedValue { $0 } ?? 0)" }

    /// The headers of each request `api` received.
    func requests(to api: String) -> [HTTPFields] { seen.withLockedValue { $0[api] ?? [] } }

    static func start() async throws -> FakeProviders {
        let fake = FakeProviders()
        let router = Router()
        router.post("/rerank") { request, _ -> Response in
            fake.saw("tei", request.headers)
            let call = try await JSONValue.read(request)
            let query = call["query"]?.stringValue ?? ""
            var ranks: [JSONValue] = (call["texts"]?.arrayValue ?? []).enumerated().map { index, text in
                ["index": .number(Double(index)), "score": .number(Self.score(query, text.stringValue ?? ""))]
            }
            ranks.sort { ($0["score"]?.doubleValue ?? 0) > ($1["score"]?.doubleValue ?? 0) }
            return try Self.json(.array(ranks))
        }
        router.post("/api/knowledge/service/rerank") { request, _ -> Response in
            fake.saw("vikingdb", request.headers)
            guard request.headers[.authorization]?.hasPrefix("HMAC-SHA256 Credential=") == true else {
                return try Self.json(["code": 1000001, "message": "missing or malformed Authorization"], status: .unauthorized)
            }
            let call = try await JSONValue.read(request)
            let scores = (call["datas"]?.arrayValue ?? []).map { pair -> JSONValue in
                .number(Self.score(pair["query"]?.stringValue ?? "", pair["content"]?.stringValue ?? ""))
            }
            return try Self.json(["code": 0, "message": "success", "request_id": "fake", "data": ["scores": .array(scores), "token_usage": 10]])
        }
        router.post("/") { request, _ -> Response in
            fake.saw("volcengine-ocr", request.headers)
            guard request.uri.query?.contains("Action=OCRNormal") == true, request.headers[.authorization]?.hasPrefix("HMAC-SHA256 Credential=") == true else {
                return try Self.json(["ResponseMetadata": ["Error": ["Code": "SignatureDoesNotMatch", "Message": "unsigned request"]]], status: .unauthorized)
            }
            let form = String(buffer: try await request.body.collect(upTo: 32 << 20))
            guard form.contains("image_base64=") else {
                return try Self.json(["code": 50001, "message": "image_base64 is required"], status: .badRequest)
            }
            return try Self.json([
                "ResponseMetadata": ["RequestId": "fake", "Action": "OCRNormal", "Version": "2020-08-26"],
                "code": 10000, "message": "Success",
                "data": ["line_texts": ["fake volcengine text"], "line_rects": [["x": 4, "y": 5, "width": 120, "height": 30]], "line_probs": [0.97]],
            ])
        }
        let loopback = await LoopbackServer.start(router, label: "fake-providers")
        fake.port.withLockedValue { $0 = loopback.port }
        fake.task.withLockedValue { $0 = loopback.task }
        return fake
    }

    func stop() async {
        let task = task.withLockedValue { $0 }
        task?.cancel()
        _ = await task?.result
    }

    private func saw(_ api: String, _ headers: HTTPFields) {
        seen.withLockedValue { $0[api, default: []].append(headers) }
    }

    /// The share of the query's words found in `text`.
    static func score(_ query: String, _ text: String) -> Double {
        let words = Set(query.lowercased().split(separator: " "))
        return Double(words.filter { text.lowercased().contains($0) }.count) / Double(max(1, words.count))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }
}

extension JSONValue {
    /// A request's JSON body.
    static func read(_ request: Request) async throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try await request.body.collect(upTo: 32 << 20))
    }
}
