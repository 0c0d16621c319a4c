import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SkillHubCore

/// A faithful fake of an OpenAI-compatible `POST {base}/chat/completions` on loopback, whole or
/// streamed (Server-Sent Events, `stream_options.include_usage`, `data: [DONE]`). Its answers are
/// deterministic: `"<name>: <the last user message>"`, and when an earlier user message said
/// "my name is X", "Your name is X." first — enough to see which model answered and that the
/// history reached it. `failing` makes it answer 503; it remembers every request's messages.
final class FakeChatModel: Sendable {
    let name: String
    private let port = NIOLockedValueBox<Int?>(nil)
    private let requests = NIOLockedValueBox<[JSONValue]>([])
    private let failing = NIOLockedValueBox(false)
    private let task = NIOLockedValueBox<Task<Void, any Error>?>(nil)
    /// A script: the answer to a request body, instead of the echo (nil: the echo).
    private let script: (@Sendable (JSONValue) -> String?)?

    init(name: String, script: (@Sendable (JSONValue) -> String?)? = nil) {
        self.name = name
        self.script = script
    }

    /// The base URL a `MODEL_BASE_URL_N` names: `http://127.0.0.1:PORT/v1`.
    var baseURL: String { "http://127.0.0.1:\(port.withLockedValue { $0 } ?? 0)/v1" }
    /// The bodies of the requests received.
    var received: [JSONValue] { requests.withLockedValue { $0 } }

    func fail(_ value: Bool) {
        failing.withLockedValue { $0 = value }
    }

    /// Starts the fake; `script` answers requests (its nil: the echo).
    static func start(name: String, script: (@Sendable (JSONValue) -> String?)? = nil) async throws -> FakeChatModel {
        let fake = FakeChatModel(name: name, script: script)
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let body = try JSONDecoder().decode(JSONValue.self, from: try await request.body.collect(upTo: 8 << 20))
            fake.requests.withLockedValue { $0.append(body) }
            if fake.failing.withLockedValue({ $0 }) {
                return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error": {"message": "overloaded"}}"#)))
            }
            let answer = fake.answer(to: body)
            if body["stream"] == .bool(true) {
                return fake.stream(answer, usage: body["stream_options"]?["include_usage"] == .bool(true))
            }
            let whole: JSONValue = [
                "id": "chatcmpl-fake", "object": "chat.completion", "model": .string(fake.name),
                "choices": [["index": 0, "message": ["role": "assistant", "content": .string(answer)], "finish_reason": "stop"]],
                "usage": ["prompt_tokens": 10, "completion_tokens": .number(Double(answer.split(separator: " ").count)), "total_tokens": 20],
            ]
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: whole.serialized())))
        }
        let loopback = await LoopbackServer.start(router, label: "fake-chat")
        fake.port.withLockedValue { $0 = loopback.port }
        fake.task.withLockedValue { $0 = loopback.task }
        return fake
    }

    func stop() {
        task.withLockedValue { $0?.cancel() }
    }

    private func answer(to body: JSONValue) -> String {
        if let scripted = script?(body) { return scripted }
        let messages = body["messages"]?.arrayValue ?? []
        let users = messages.filter { $0["role"] == "user" }.compactMap { $0["content"]?.stringValue }
        var answer = "\(name): \(users.last ?? "")"
        for earlier in users.dropLast() {
            if let range = earlier.range(of: "my name is ") {
                let rest = earlier[range.upperBound...].prefix { $0.isLetter }
                answer = "Your name is \(rest). " + answer
            }
        }
        return answer
    }

    /// The answer in word-sized pieces, as OpenAI streams it.
    private func stream(_ answer: String, usage: Bool) -> Response {
        var events: [String] = []
        let words = answer.split(separator: " ", omittingEmptySubsequences: false)
        for (index, word) in words.enumerated() {
            let text = index == 0 ? String(word) : " " + word
            let chunk: JSONValue = [
                "id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": .string(name),
                "choices": [["index": 0, "delta": index == 0 ? ["role": "assistant", "content": .string(text)] : ["content": .string(text)], "finish_reason": .null]],
            ]
            events.append("data: " + String(decoding: chunk.serialized(), as: UTF8.self))
        }
        let end: JSONValue = ["id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": .string(name), "choices": [["index": 0, "delta": [:], "finish_reason": "stop"]]]
        events.append("data: " + String(decoding: end.serialized(), as: UTF8.self))
        if usage {
            let counts: JSONValue = ["id": "chatcmpl-fake", "object": "chat.completion.chunk", "choices": [], "usage": ["prompt_tokens": 10, "completion_tokens": .number(Double(words.count)), "total_tokens": .number(Double(10 + words.count))]]
            events.append("data: " + String(decoding: counts.serialized(), as: UTF8.self))
        }
        events.append("data: [DONE]")
        let text = events.map { $0 + "\n\n" }.joined()
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
