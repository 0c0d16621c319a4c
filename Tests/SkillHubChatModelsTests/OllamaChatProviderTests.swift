import SkillHubChatModels
import SkillHubCore
import Testing

@Suite("Ollama provider")
struct OllamaChatProviderTests {
    @Test func completeSendsOllamasRequestAndReadsTheAnswer() async throws {
        let answer = try await withFake({ _ in OllamaFake.completion("Hi!") }) { server, transport in
            let provider = OllamaChatProvider(model: model("llama", server.url(), provider: .ollama, key: nil), transport: transport)
            var request = question
            request.temperature = 0.2
            request.maxTokens = 32
            request.stop = ["\n\n"]
            let answer = try await provider.complete(request)
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/api/chat" && sent.header("Authorization") == nil)
            #expect(sent.json["model"] == "llama-id" && sent.json["stream"] == false)
            #expect(sent.json["options"] == ["temperature": 0.2, "num_predict": 32, "stop": ["\n\n"]])
            return answer
        }
        #expect(answer.message == .assistant("Hi!") && answer.modelID == OllamaFake.model)
        #expect(answer.finishReason == .stop && answer.usage == ChatUsage(promptTokens: 26, completionTokens: 298))
    }

    @Test func toolCallObjectsBecomeStringsWithIds() async throws {
        let answer = try await withFake({ _ in
            OllamaFake.completion("", toolCalls: [(name: "get_current_weather", arguments: ["location": "Paris", "format": "celsius"])])
        }) { server, transport in
            let provider = OllamaChatProvider(model: model("llama", server.url(), provider: .ollama), transport: transport)
            let request = ChatRequest(messages: [
                .user("Weather?"),
                ChatMessage(role: .assistant, content: nil, toolCalls: [ChatToolCall(id: "call_9", name: "get_current_weather", arguments: #"{"location":"Oslo"}"#)]),
                ChatMessage(role: .tool, content: "-3", name: "get_current_weather", toolCallID: "call_9"),
            ])
            let answer = try await provider.complete(request)
            let sent = try #require(server.requests.first).json
            #expect(sent["messages"]?[1] == ["role": "assistant", "content": "", "tool_calls": [["function": ["name": "get_current_weather", "arguments": ["location": "Oslo"]]]]])
            #expect(sent["messages"]?[2] == ["role": "tool", "content": "-3", "tool_name": "get_current_weather"])
            return answer
        }
        let call = try #require(answer.message.toolCalls.first)
        #expect(call.id == "call_0" && call.name == "get_current_weather")
        #expect(call.parsedArguments == ["location": "Paris", "format": "celsius"])
        #expect(answer.finishReason == .toolCalls)
    }

    @Test func argumentsThatAreNotJSONCannotGoToOllama() async throws {
        let request = ChatRequest(messages: [ChatMessage(role: .assistant, content: nil, toolCalls: [ChatToolCall(id: "c", name: "f", arguments: "{broken")])])
        let error = try await withFake({ _ in OllamaFake.completion("") }) { server, transport in
            try await #require(throws: ChatModelError.self) {
                try await OllamaChatProvider(model: model("llama", server.url(), provider: .ollama), transport: transport).complete(request)
            }
        }
        guard case .invalidRequest = error else { Issue.record("\(error)"); return }
    }

    @Test func streamReadsNDJSONSplitAnywhere() async throws {
        let whole = Array(OllamaFake.lines(["Hel", "lo ", "wörld"]).joined().utf8)
        let parts: [FakeReply.Part] = stride(from: 0, to: whole.count, by: 7).map { .bytes(Array(whole[$0..<min(whole.count, $0 + 7)])) }
        let (chunks, error) = try await withFake({ _ in FakeReply(contentType: "application/x-ndjson", parts: parts) }) { server, transport in
            let result = await drain(OllamaChatProvider(model: model("llama", server.url(), provider: .ollama), transport: transport), question)
            #expect(server.requests.first?.json["stream"] == true)
            return result
        }
        #expect(error == nil)
        #expect(text(chunks) == "Hello wörld")
        #expect(chunks.last?.finishReason == .stop && chunks.last?.usage == ChatUsage(promptTokens: 26, completionTokens: 3))
    }

    @Test func streamedToolCallsAreNormalised() async throws {
        let call: JSONValue = ["model": "llama3.2", "created_at": "2024-07-22T20:33:28Z", "done": false,
                               "message": ["role": "assistant", "content": "", "tool_calls": [["function": ["name": "f", "arguments": ["a": 1]]]]]]
        let lines = [String(decoding: call.serialized(), as: UTF8.self) + "\n", String(decoding: OllamaFake.final(prompt: 3, eval: 5).serialized(), as: UTF8.self) + "\n"]
        let (chunks, error) = try await withFake({ _ in FakeReply(contentType: "application/x-ndjson", parts: lines.map { .bytes(Array($0.utf8)) }) }) { server, transport in
            await drain(OllamaChatProvider(model: model("llama", server.url(), provider: .ollama), transport: transport), question)
        }
        #expect(error == nil)
        var accumulator = ChatStreamAccumulator()
        chunks.forEach { accumulator.add($0) }
        #expect(accumulator.toolCalls == [ChatToolCall(id: "call_0", name: "f", arguments: #"{"a":1}"#)])
        #expect(accumulator.finishReason == .toolCalls)
    }

    @Test func anErrorLineMidStreamInterruptsIt() async throws {
        let lines = OllamaFake.lines(["Hel"]).prefix(1) + [#"{"error":"an unexpected error occurred"}"# + "\n"]
        let (chunks, error) = try await withFake({ _ in FakeReply(contentType: "application/x-ndjson", parts: lines.map { .bytes(Array($0.utf8)) }) }) { server, transport in
            await drain(OllamaChatProvider(model: model("llama", server.url(), provider: .ollama), transport: transport), question)
        }
        #expect(text(chunks) == "Hel")
        guard case .interrupted(_, let reason)? = error as? ChatModelError else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("an unexpected error occurred"))
    }

    @Test func aMissingModelIsAFinal404() async throws {
        let error = try await withFake({ _ in .json(["error": #"model "nope" not found, try pulling it first"#], status: 404) }) { server, transport in
            try await #require(throws: ChatModelError.self) {
                try await OllamaChatProvider(model: model("llama", server.url(), provider: .ollama), transport: transport).complete(question)
            }
        }
        #expect(error == .upstream(model: "llama", status: 404, message: #"model "nope" not found, try pulling it first"#))
        #expect(!error.isRetryable)
    }
}
