import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

/// The `chat` skill through the running server, against fake OpenAI-compatible models on loopback.
@Suite("Chat through the running server")
struct ChatSkillTests {
    /// Two models: `alpha` (falling back to `beta`) and `beta`.
    static func environment(_ alpha: FakeChatModel, _ beta: FakeChatModel, isolated: Bool = false) throws -> [String: String] {
        var environment = try TestApplication.plugins("chat")
        environment["MODEL_PROTOCOL_0"] = "openai"
        environment["MODEL_ID_0"] = "fake-alpha"
        environment["MODEL_NAME_0"] = "alpha"
        environment["MODEL_BASE_URL_0"] = alpha.baseURL
        environment["MODEL_FALLBACKS_0"] = "beta"
        environment["MODEL_PROTOCOL_1"] = "openai"
        environment["MODEL_ID_1"] = "fake-beta"
        environment["MODEL_NAME_1"] = "beta"
        environment["MODEL_BASE_URL_1"] = beta.baseURL
        return try environment.merging(isolated ? TestApplication.isolating("chat") : [:]) { $1 }
    }

    static func complete(_ user: KeyedClient, _ input: String) async throws -> TestResponse {
        try await user.post("/api/v1/skills/chat/invoke", #"{"capability": "complete", "input": \#(input)}"#)
    }

    @Test func aSessionRemembersWhatWasSaidAndFailuresLeaveItUntouched() async throws {
        let alpha = try await FakeChatModel.start(name: "alpha")
        let beta = try await FakeChatModel.start(name: "beta")
        defer { alpha.stop(); beta.stop() }
        try await TestApplication.make(environment: try Self.environment(alpha, beta)).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)

            let first = try await Self.complete(user, #"{"session_id": "s-1", "message": "Hello, my name is Li"}"#)
            #expect(first.status == .ok, "\(String(buffer: first.body))")
            #expect(try first.value()["output"]?["model"] == "alpha")
            #expect(try first.value()["output"]?["message"]?["content"] == "alpha: Hello, my name is Li")
            let second = try await Self.complete(user, #"{"session_id": "s-1", "message": "What is my name?"}"#)
            #expect(try second.value()["output"]?["message"]?["content"] == "Your name is Li. alpha: What is my name?")
            #expect(try second.value()["output"]?["session_id"] == "s-1")
            // The model got the whole history: two user messages and the first answer.
            #expect(alpha.received.last?["messages"]?.arrayValue?.count == 3)

            let session = try await user.post("/api/v1/skills/chat/invoke", #"{"capability": "get_session", "input": {"session_id": "s-1"}}"#)
            let messages = try #require(try session.value()["output"]?["messages"]?.arrayValue)
            #expect(messages.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "user", "assistant"])
            #expect(try session.value()["output"]?["message_count"] == 4)

            // The first model fails: its fallback answers and says so.
            alpha.fail(true)
            let fallback = try await Self.complete(user, #"{"session_id": "s-1", "message": "Still there?"}"#)
            #expect(try fallback.value()["output"]?["model"] == "beta")
            #expect(try fallback.value()["output"]?["failed_attempts"]?[0]?["model"] == "alpha")

            // Both fail: 503, and the session keeps only what was really said.
            beta.fail(true)
            let down = try await Self.complete(user, #"{"session_id": "s-1", "message": "Hello?"}"#)
            #expect(down.status == .serviceUnavailable)
            let after = try await user.post("/api/v1/skills/chat/invoke", #"{"capability": "get_session", "input": {"session_id": "s-1"}}"#)
            #expect(try after.value()["output"]?["message_count"] == 6)
            beta.fail(false)

            // Bad input: an unknown model, an empty message.
            let unknown = try await Self.complete(user, #"{"message": "hi", "model": "gamma"}"#)
            #expect(unknown.status == .badRequest)
            #expect(try unknown.value()["message"]?.stringValue?.contains("gamma") == true)
            #expect(try await Self.complete(user, #"{"message": "   "}"#).status == .badRequest)

            // Sessions belong to their account.
            let other = KeyedClient(client: client, key: try await TestTenant.create(with: client, prefix: "other").userKey)
            #expect(try await other.post("/api/v1/skills/chat/invoke", #"{"capability": "get_session", "input": {"session_id": "s-1"}}"#).status == .notFound)
            let listed = try await user.post("/api/v1/skills/chat/invoke", #"{"capability": "list_sessions", "input": {}}"#)
            #expect(try listed.value()["output"]?["total"] == 1)
            let models = try await user.post("/api/v1/skills/chat/invoke", #"{"capability": "list_models", "input": {}}"#)
            #expect(try models.value()["output"]?["models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["alpha", "beta"])
        }
    }

    @Test func answersStreamThroughInvokeAlsoFromAnIsolatedPlugin() async throws {
        let alpha = try await FakeChatModel.start(name: "alpha")
        let beta = try await FakeChatModel.start(name: "beta")
        defer { alpha.stop(); beta.stop() }
        for isolated in [false, true] {
            try await TestApplication.make(environment: try Self.environment(alpha, beta, isolated: isolated)).test(.live) { client in
                try await DispatchTests.ready(client)
                let key = try await TestTenant.create(with: client).userKey
                let streamed = try await client.execute(
                    uri: "/api/v1/skills/chat/invoke", method: .post,
                    headers: [KeyedClient.apiKeyHeader: key, .contentType: "application/json", .accept: "text/event-stream"],
                    body: ByteBuffer(string: #"{"capability": "complete", "input": {"message": "one two three"}}"#)
                )
                #expect(streamed.status == .ok)
                let text = String(buffer: streamed.body)
                let deltas = text.split(separator: "\n").filter { $0.hasPrefix("data: ") && $0.contains("\"delta\"") }
                #expect(deltas.count == 4, "isolated \(isolated): \(text)")  // "alpha:", " one", " two", " three"
                #expect(text.contains("event: result"))
                #expect(text.contains("alpha: one two three"))
            }
        }
    }

    @Test func openAIShapedSeedAndSessionRoutes() async throws {
        let alpha = try await FakeChatModel.start(name: "alpha")
        let beta = try await FakeChatModel.start(name: "beta")
        defer { alpha.stop(); beta.stop() }
        try await TestApplication.make(environment: try Self.environment(alpha, beta)).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let user = KeyedClient(client: client, key: key)

            // Seed 002: two turns in a session; the answer names the worker.
            let first = try await user.post("/api/chat", #"{"session_id": "ctx-1", "message": "my name is Li"}"#)
            #expect(first.status == .ok)
            #expect(try first.value()["worker_id"]?.stringValue?.isEmpty == false)
            let second = try await user.post("/api/chat", #"{"session_id": "ctx-1", "message": "what is my name?"}"#)
            #expect(try second.value()["response"]?.stringValue?.contains("Your name is Li") == true)
            #expect(try second.value()["session_id"] == "ctx-1")
            #expect(try await user.post("/api/chat", #"{"session_id": "ctx-1"}"#).invalidFields() == ["message"])
            let metrics = try await user.get("/api/metrics").value()
            #expect(metrics["requests"] == 2)
            #expect(metrics["errors"] == 0)
            #expect(metrics["workers"]?.objectValue?.values.first == 2)

            // OpenAI's shape, whole.
            let bearer: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
            let whole = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"model": "beta", "messages": [{"role": "user", "content": "ping"}], "presence_penalty": 0, "seed": 1}"#)
            )
            #expect(whole.status == .ok)
            let answer = try whole.value()
            #expect(answer["object"] == "chat.completion")
            #expect(answer["model"] == "beta")
            #expect(answer["choices"]?[0]?["message"]?["content"] == "beta: ping")
            #expect(answer["choices"]?[0]?["finish_reason"] == "stop")
            #expect(answer["usage"]?["total_tokens"]?.intValue != nil)

            // Streamed, with usage, ending with [DONE].
            let streamed = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"messages": [{"role": "user", "content": "a b"}], "stream": true, "stream_options": {"include_usage": true}}"#)
            )
            let lines = String(buffer: streamed.body).split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }
            #expect(lines.last == "[DONE]")
            let chunks = lines.dropLast().compactMap { try? JSONValue(parsing: Array($0.utf8)) }
            #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" })
            #expect(chunks.first?["choices"]?[0]?["delta"]?["role"] == "assistant")
            let text = chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
            #expect(text == "alpha: a b")
            #expect(chunks.contains { $0["choices"]?[0]?["finish_reason"] == "stop" })
            #expect(chunks.last?["usage"]?["completion_tokens"]?.intValue != nil)

            let models = try await client.execute(uri: "/v1/models", method: .get, headers: bearer)
            #expect(try models.value()["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["alpha", "beta"])
            let unknown = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"model": "gamma", "messages": [{"role": "user", "content": "x"}]}"#)
            )
            #expect(unknown.status == .badRequest)

            // Sessions over REST.
            let created = try await user.post("/api/v1/chat/sessions", #"{"session_id": "rest-1", "system": "Be brief."}"#)
            #expect(created.status == .created)
            #expect(try await user.post("/api/v1/chat/sessions", #"{"session_id": "rest-1"}"#).status == .conflict)
            let said = try await user.post("/api/v1/chat/sessions/rest-1/messages", #"{"message": "hello"}"#)
            #expect(try said.value()["message"]?["content"] == "alpha: hello")
            #expect(alpha.received.last?["messages"]?[0]?["content"] == "Be brief.")
            let session = try await user.get("/api/v1/chat/sessions/rest-1").value()
            #expect(session["messages"]?.arrayValue?.count == 2)
            #expect(session["system"] == "Be brief.")
            #expect(try await user.get("/api/v1/chat/sessions").value()["total"] == 2)
            #expect(try await user.delete("/api/v1/chat/sessions/rest-1").status == .ok)
            #expect(try await user.get("/api/v1/chat/sessions/rest-1").status == .notFound)
        }
    }
}
