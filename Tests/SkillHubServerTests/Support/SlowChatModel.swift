import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SkillHubCore

/// A slow OpenAI-compatible model on loopback: it streams `"<name>: <the last user message>"` a
/// word at a time, `pause` apart (a whole answer comes after the same total time), and watches its
/// streams: how many are open, finished, and cut off by their client (the connection closed before
/// the answer was whole) — enough to see that SkillHub closes a generation nobody waits for.
final class SlowChatModel: Sendable {
    let name: String
    let pause: Duration
    private let port = NIOLockedValueBox<Int?>(nil)
    private let counts = NIOLockedValueBox(Counts())
    private let task = NIOLockedValueBox<Task<Void, any Error>?>(nil)

    struct Counts: Sendable, Equatable {
        var requests = 0
        var open = 0
        var finished = 0
        var cutOff = 0
    }

    init(name: String, pause: Duration) {
        self.name = name
        self.pause = pause
    }

    /// The base URL a `MODEL_BASE_URL_N` names.
    var baseURL: String { "http://127.0.0.1:\(port.withLockedValue { $0 } ?? 0)/v1" }
    var snapshot: Counts { counts.withLockedValue { $0 } }

    static func start(name: String, pause: Duration) async throws -> SlowChatModel {
        let fake = SlowChatModel(name: name, pause: pause)
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let body = try JSONDecoder().decode(JSONValue.self, from: try await request.body.collect(upTo: 8 << 20))
            fake.counts.withLockedValue { $0.requests += 1 }
            let users = (body["messages"]?.arrayValue ?? []).filter { $0["role"] == "user" }.compactMap { $0["content"]?.stringValue }
            let words = "\(fake.name): \(users.last ?? "")".split(separator: " ").map(String.init)
            guard body["stream"] == .bool(true) else {
                try await Task.sleep(for: fake.pause * words.count)
                let whole: JSONValue = [
                    "id": "chatcmpl-slow", "object": "chat.completion", "model": .string(fake.name),
                    "choices": [["index": 0, "message": ["role": "assistant", "content": .string(words.joined(separator: " "))], "finish_reason": "stop"]],
                ]
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: whole.serialized())))
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                fake.counts.withLockedValue { $0.open += 1 }
                do {
                    for (index, word) in words.enumerated() {
                        try await Task.sleep(for: fake.pause)
                        let chunk: JSONValue = [
                            "id": "chatcmpl-slow", "object": "chat.completion.chunk", "model": .string(fake.name),
                            "choices": [["index": 0, "delta": ["content": .string(index == 0 ? word : " " + word)], "finish_reason": .null]],
                        ]
                        try await writer.write(ByteBuffer(string: "data: " + String(decoding: chunk.serialized(), as: UTF8.self) + "\n\n"))
                    }
                    let end: JSONValue = ["id": "chatcmpl-slow", "object": "chat.completion.chunk", "choices": [["index": 0, "delta": [:], "finish_reason": "stop"]]]
                    try await writer.write(ByteBuffer(string: "data: " + String(decoding: end.serialized(), as: UTF8.self) + "\n\ndata: [DONE]\n\n"))
                    try await writer.finish(nil)
                    fake.counts.withLockedValue { $0.open -= 1; $0.finished += 1 }
                } catch {
                    fake.counts.withLockedValue { $0.open -= 1; $0.cutOff += 1 }
                    throw error
                }
            })
        }
        let loopback = await LoopbackServer.start(router, label: "slow-chat")
        fake.port.withLockedValue { $0 = loopback.port }
        fake.task.withLockedValue { $0 = loopback.task }
        return fake
    }

    func stop() {
        task.withLockedValue { $0?.cancel() }
    }
}
