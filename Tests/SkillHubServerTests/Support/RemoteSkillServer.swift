import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import SkillHubCore

/// A remote skill service on a loopback port, speaking the protocol of
/// docs/remote-skills.md: `POST /skill` answers `{"output": {"server", "input",
/// "session_id"}}`, `GET /page` answers "hello from NAME", `POST /v1/rerank` is a Cohere-shaped reranker, `POST /ocr` a PaddleOCR pipeline, `POST /fail` answers 500, `POST /slow` answers after 2 s;
/// `POST /callback` keeps what it is sent.
final class RemoteSkillServer: Sendable {
    let name: String
    private let port = NIOLockedValueBox<Int?>(nil)
    private let calls = NIOLockedValueBox(0)
    private let callbacks = NIOLockedValueBox<[(body: [UInt8], headers: HTTPFields)]>([])
    private let task: NIOLockedValueBox<Task<Void, any Error>?> = .init(nil)

    /// How many calls this server has answered.
    var callCount: Int { calls.withLockedValue { $0 } }

    /// The bodies POSTed to `/callback`, in arrival order.
    var receivedCallbacks: [JSONValue] { callbacks.withLockedValue { $0.map { (try? JSONValue(parsing: $0.body)) ?? .null } } }

    /// The requests POSTed to `/callback` as sent: raw body and headers.
    var receivedCallbackRequests: [(body: [UInt8], headers: HTTPFields)] { callbacks.withLockedValue { $0 } }

    /// The URL of `path` on this server.
    func url(_ path: String = "/skill") -> String {
        "http://127.0.0.1:\(port.withLockedValue { $0 } ?? 0)\(path)"
    }

    private init(name: String) {
        self.name = name
    }

    /// Starts a server and waits until it listens.
    static func start(name: String) async throws -> RemoteSkillServer {
        let server = RemoteSkillServer(name: name)
        let router = Router()
        router.post("/skill") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            let call = try JSONDecoder().decode(JSONValue.self, from: body)
            server.calls.withLockedValue { $0 += 1 }
            let output: JSONValue = ["server": .string(name), "input": call["input"] ?? .null, "session_id": call["session_id"] ?? .null]
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(["output": output]))))
        }
        router.post("/callback") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            server.callbacks.withLockedValue { $0.append((Array(body.readableBytesView), request.headers)) }
            return Response(status: .noContent)
        }
        router.get("/page") { _, _ -> String in
            "hello from \(name)"
        }
        // A Cohere-shaped reranker: the score is the share of query words a document contains.
        router.post("/v1/rerank") { request, _ -> Response in
            let call = try JSONDecoder().decode(JSONValue.self, from: try await request.body.collect(upTo: 1 << 20))
            server.calls.withLockedValue { $0 += 1 }
            let words = Set((call["query"]?.stringValue ?? "").lowercased().split(separator: " "))
            let documents = call["documents"]?.arrayValue ?? []
            var results: [JSONValue] = documents.enumerated().map { index, document in
                let text = (document.stringValue ?? document["text"]?.stringValue ?? "").lowercased()
                let score = Double(words.filter { text.contains($0) }.count) / Double(max(1, words.count))
                return ["index": .number(Double(index)), "relevance_score": .number(score)]
            }
            results.sort { ($0["relevance_score"]?.doubleValue ?? 0) > ($1["relevance_score"]?.doubleValue ?? 0) }
            if let topN = call["top_n"]?.doubleValue { results = Array(results.prefix(Int(topN))) }
            let answer: JSONValue = ["id": "fake-rerank", "results": .array(results), "meta": ["api_version": ["version": "1"]]]
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(answer))))
        }
        // A PaddleOCR (PaddleX serving) OCR pipeline: one line, "fake paddle text", whatever the image.
        router.post("/ocr") { request, _ -> Response in
            let call = try JSONDecoder().decode(JSONValue.self, from: try await request.body.collect(upTo: 32 << 20))
            server.calls.withLockedValue { $0 += 1 }
            guard call["file"]?.stringValue != nil, call["fileType"] == 1 else {
                return Response(status: .unprocessableContent, body: .init(byteBuffer: ByteBuffer(string: #"{"errorCode": 422, "errorMsg": "file and fileType are required"}"#)))
            }
            let answer: JSONValue = [
                "logId": "fake", "errorCode": 0, "errorMsg": "Success",
                "result": ["ocrResults": [["prunedResult": ["rec_texts": ["fake paddle text"], "rec_scores": [0.98], "rec_boxes": [[10, 20, 110, 50]]]]]],
            ]
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(answer))))
        }
        router.post("/fail") { _, _ -> Response in
            server.calls.withLockedValue { $0 += 1 }
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: #"{"error": {"message": "the model fell over"}}"#)))
        }
        router.post("/slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(2))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"output": "late"}"#)))
        }
        let loopback = await LoopbackServer.start(router, label: "remote-skill-\(name)")
        server.port.withLockedValue { $0 = loopback.port }
        server.task.withLockedValue { $0 = loopback.task }
        return server
    }

    /// Stops listening: later connections are refused.
    func stop() async {
        let task = task.withLockedValue { $0 }
        task?.cancel()
        _ = await task?.result
    }
}
