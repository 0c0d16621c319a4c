import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

/// The bound on concurrent generations through the running server: with one generation allowed
/// and none waiting, a second chat meanwhile is refused at once with 429 and `Retry-After` on
/// every chat route and the WebSocket, while the first completes.
@Suite("Chat capacity")
struct ChatCapacityTests {
    @Test func aChatBeyondTheLimitIs429WithRetryAfterWhileTheFirstCompletes() async throws {
        let slow = try await SlowChatModel.start(name: "slow", pause: .milliseconds(300))
        defer { slow.stop() }
        let environment = try ChatSocketTests.environment(slow, ["CHAT_MAX_CONCURRENT_GENERATIONS": "1", "CHAT_MAX_QUEUED_GENERATIONS": "0"])
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let user = KeyedClient(client: client, key: key)
            let port = try #require(client.port)

            // 12 words at 300 ms: the first chat holds the only turn for 3.6 s.
            let words = Array(repeating: "word", count: 11).joined(separator: " ")
            // On a connection of its own: the test client's connection answers one request at a time.
            let first = Task {
                try await TestClient.withClient(host: "127.0.0.1", port: port) { own in
                    try await own.post(
                        "/api/chat", headers: [KeyedClient.apiKeyHeader: key, .contentType: "application/json"],
                        body: ByteBuffer(string: #"{"session_id": "first", "message": "\#(words)"}"#)
                    )
                }
            }
            #expect(try await eventually(within: .seconds(5)) { slow.snapshot.requests == 1 })

            func expectRefused(_ response: TestResponse, _ route: String) throws {
                #expect(response.status == .tooManyRequests, "\(route): \(String(buffer: response.body))")
                let seconds = Int(response.headers[.retryAfter] ?? "")
                #expect(seconds.map { (1...60).contains($0) } == true, "\(route): Retry-After \(response.headers[.retryAfter] ?? "missing")")
                let envelope = try response.value()
                #expect(envelope["code"] == 1010, "\(route)")
                #expect(envelope["message"]?.stringValue?.contains(GenerationCapacity.marker) == true, "\(route)")
                #expect(envelope["details"]?["retry_after_seconds"]?.intValue == seconds, "\(route)")
            }
            try expectRefused(try await user.post("/api/chat", #"{"session_id": "second", "message": "hi"}"#), "/api/chat")
            try expectRefused(try await user.post("/api/v1/skills/chat/invoke", #"{"capability": "complete", "input": {"message": "hi"}}"#), "invoke")
            let bearer: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
            for stream in [false, true] {
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: bearer,
                    body: ByteBuffer(string: #"{"messages": [{"role": "user", "content": "hi"}], "stream": \#(stream)}"#)
                )
                try expectRefused(response, "/v1/chat/completions stream \(stream)")
            }
            let streamedInvoke = try await client.execute(
                uri: "/api/v1/skills/chat/invoke", method: .post,
                headers: [KeyedClient.apiKeyHeader: key, .contentType: "application/json", .accept: "text/event-stream"],
                body: ByteBuffer(string: #"{"capability": "complete", "input": {"message": "hi"}}"#)
            )
            try expectRefused(streamedInvoke, "invoke streamed")
            try await ChatSocket.open(port: port, path: "/ws/third?api_key=\(key)") { socket in
                try await socket.send("hi")
                let frames = try await socket.untilEnd()
                #expect(frames.last?["type"] == "error")
                #expect(frames.last?["code"] == "rate_limited")
                #expect(frames.last?["error_code"] == 1010)
                #expect(frames.last?["retry_after"]?.intValue.map { $0 >= 1 } == true)
            }
            // The model was asked once: refusals never reach it.
            #expect(slow.snapshot.requests == 1)

            let answered = try await first.value
            #expect(answered.status == .ok)
            #expect(try JSONValue(parsing: Array(buffer: answered.body ?? ByteBuffer()))["response"]?.stringValue == "slow: \(words)")
            // The turn is free again.
            #expect(try await user.post("/api/chat", #"{"session_id": "second", "message": "hi"}"#).status == .ok)
        }
    }
}

/// What every capacity refusal's message says.
enum GenerationCapacity {
    static let marker = "generation capacity reached"
}
