import Foundation
import SkillHubChatModels
import SkillHubCore
import Testing

@Suite("OpenAI-compatible provider")
struct OpenAIChatProviderTests {
    @Test func completeSendsOpenAIsRequestAndReadsTheAnswer() async throws {
        let answer = try await withFake({ _ in OpenAIFake.completion("Hello there!", prompt: 19, completion: 4) }) { server, transport in
            let provider = OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport)
            var request = question
            request.temperature = 0.5
            request.maxTokens = 64
            request.extra = ["seed": 7, "model": "ignored"]
            let answer = try await provider.complete(request)
            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST" && sent.uri == "/v1/chat/completions")
            #expect(sent.header("Authorization") == "Bearer sk-test")
            #expect(sent.json["model"] == "fast-id" && sent.json["stream"] == false && sent.json["stream_options"] == nil)
            #expect(sent.json["messages"] == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Say hello"]])
            #expect(sent.json["temperature"] == 0.5 && sent.json["max_tokens"] == 64 && sent.json["seed"] == 7)
            return answer
        }
        #expect(answer.model == "fast" && answer.modelID == OpenAIFake.model)
        #expect(answer.message == .assistant("Hello there!"))
        #expect(answer.finishReason == .stop)
        #expect(answer.usage == ChatUsage(promptTokens: 19, completionTokens: 4))
    }

    @Test func toolsGoOutAndToolCallsComeBackAsStringsAndTrees() async throws {
        let tool: JSONValue = ["type": "function", "function": ["name": "get_weather", "parameters": ["type": "object", "properties": ["city": ["type": "string"]]]]]
        let answer = try await withFake({ _ in
            OpenAIFake.completion(nil, toolCalls: [(id: "call_abc", name: "get_weather", arguments: #"{"city":"Paris"}"#)], finish: "tool_calls")
        }) { server, transport in
            let provider = OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport)
            let request = ChatRequest(
                messages: [
                    .user("Weather in Paris?"),
                    ChatMessage(role: .assistant, content: nil, toolCalls: [ChatToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)]),
                    ChatMessage(role: .tool, content: "-3 °C", toolCallID: "call_1"),
                ],
                tools: [tool], toolChoice: "auto"
            )
            let answer = try await provider.complete(request)
            let sent = try #require(server.requests.first).json
            #expect(sent["tools"] == [tool] && sent["tool_choice"] == "auto")
            #expect(sent["messages"]?[1] == [
                "role": "assistant", "content": .null,
                "tool_calls": [["id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": #"{"city":"Oslo"}"#]]],
            ])
            #expect(sent["messages"]?[2] == ["role": "tool", "content": "-3 °C", "tool_call_id": "call_1"])
            return answer
        }
        #expect(answer.finishReason == .toolCalls)
        #expect(answer.message.content == nil)
        let call = try #require(answer.message.toolCalls.first)
        #expect(call.id == "call_abc" && call.name == "get_weather" && call.arguments == #"{"city":"Paris"}"#)
        #expect(call.parsedArguments == ["city": "Paris"])
    }

    @Test func streamYieldsTheTokensTheEndAndTheUsage() async throws {
        let (chunks, error) = try await withFake({ _ in OpenAIFake.stream(["Hel", "lo", " wor", "ld"], prompt: 11) }) { server, transport in
            let provider = OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport)
            let result = await drain(provider, question)
            let sent = try #require(server.requests.first)
            #expect(sent.json["stream"] == true && sent.json["stream_options"] == ["include_usage": true])
            #expect(sent.header("Accept") == "text/event-stream")
            return result
        }
        #expect(error == nil)
        #expect(text(chunks) == "Hello world")
        #expect(chunks.first?.role == .assistant)
        var accumulator = ChatStreamAccumulator()
        chunks.forEach { accumulator.add($0) }
        #expect(accumulator.finishReason == .stop)
        #expect(accumulator.usage == ChatUsage(promptTokens: 11, completionTokens: 4))
    }

    @Test func aFinishedStreamLeavesItsConnectionForTheNextRequest() async throws {
        let (first, second, closed, open) = try await withFake({ _ in OpenAIFake.stream(["Hi"]) }) { server, transport in
            let provider = OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport)
            let first = await drain(provider, question)
            let second = await drain(provider, question)
            return (first, second, server.connectionsClosed, server.connectionsOpen)
        }
        #expect(text(first.chunks) == "Hi" && first.error == nil && text(second.chunks) == "Hi" && second.error == nil)
        #expect(closed == 0 && open == 1, "the stream's connection was not reused: \(closed) closed, \(open) open")
    }

    @Test func streamedToolCallsAreJoinedByIndex() async throws {
        let events: [JSONValue] = [
            OpenAIFake.chunk(["role": "assistant", "content": .null, "tool_calls": [["index": 0, "id": "call_DdmO", "type": "function", "function": ["name": "get_weather", "arguments": ""]]]]),
            OpenAIFake.chunk(["tool_calls": [["index": 0, "function": ["arguments": "{\""]]]]),
            OpenAIFake.chunk(["tool_calls": [["index": 0, "function": ["arguments": "city\":\"Par"]]]]),
            OpenAIFake.chunk(["tool_calls": [["index": 0, "function": ["arguments": "is\"}"]]]]),
            OpenAIFake.chunk([:], finish: "tool_calls"),
        ]
        let reply = FakeReply(contentType: "text/event-stream", parts: (events.map { "data: " + String(decoding: $0.serialized(), as: UTF8.self) + "\n\n" } + ["data: [DONE]\n\n"]).map { .bytes(Array($0.utf8)) })
        let (chunks, error) = try await withFake({ _ in reply }) { server, transport in
            await drain(OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport), question)
        }
        #expect(error == nil)
        var accumulator = ChatStreamAccumulator()
        chunks.forEach { accumulator.add($0) }
        #expect(accumulator.toolCalls == [ChatToolCall(id: "call_DdmO", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
        #expect(accumulator.finishReason == .toolCalls)
        #expect(accumulator.message.content == nil)
    }

    @Test func eventsSplitAcrossReadsAtAwkwardPlacesAreJoined() async throws {
        // CRLF line ends, a comment, multi-byte characters; cut into pieces of 1 to 5 bytes, so pieces end between
        // `\r` and `\n`, inside `data:`, inside a character and inside the JSON.
        let tokens = ["Grüß", " dich", ", 世界", " 👋"]
        let whole = Array((": keep-alive\r\n\r\n" + OpenAIFake.textEvents(tokens).joined().replacingOccurrences(of: "\n", with: "\r\n")).utf8)
        var parts: [FakeReply.Part] = []
        var offset = 0
        var size = 1
        while offset < whole.count {
            let end = min(whole.count, offset + size)
            parts.append(.bytes(Array(whole[offset..<end])))
            offset = end
            size = size % 5 + 1
        }
        let reply = FakeReply(contentType: "text/event-stream", parts: parts)
        let (chunks, error) = try await withFake({ _ in reply }) { server, transport in
            await drain(OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport), question)
        }
        #expect(error == nil)
        #expect(text(chunks) == tokens.joined())
        #expect(chunks.compactMap(\.usage).first == ChatUsage(promptTokens: 19, completionTokens: 4))
    }

    @Test func garbageMidStreamEndsTheStreamWithAnError() async throws {
        let events = OpenAIFake.textEvents(["Hel", "lo"])
        let reply = FakeReply(contentType: "text/event-stream", parts: [.bytes(Array(events[0].utf8)), .bytes(Array(events[1].utf8)), .bytes(Array("data: {not json at all\n\n".utf8))])
        let (chunks, error) = try await withFake({ _ in reply }) { server, transport in
            await drain(OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport), question)
        }
        #expect(text(chunks) == "Hel")
        guard case .interrupted(let name, let reason)? = error as? ChatModelError else { Issue.record("\(String(describing: error))"); return }
        #expect(name == "fast" && reason.contains("not JSON"), "\(reason)")
    }

    @Test func garbageBeforeAnyTokenIsABadAnswer() async throws {
        let reply = FakeReply(contentType: "text/event-stream", parts: [.bytes(Array("data: <html>502</html>\n\n".utf8))])
        let (_, error) = try await withFake({ _ in reply }) { server, transport in
            await drain(OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport), question)
        }
        guard case .badAnswer(_, let reason)? = error as? ChatModelError else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("<html>502"))
        #expect((error as? ChatModelError)?.isRetryable == false)
    }

    @Test func errorStatusesCarryTheStatusAndMessage() async throws {
        let error = try await withFake({ _ in OpenAIFake.error(401, "Incorrect API key provided: sk-test.", type: "invalid_request_error") }) { server, transport in
            try await #require(throws: ChatModelError.self) {
                try await OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport).complete(question)
            }
        }
        #expect(error == .upstream(model: "fast", status: 401, message: "Incorrect API key provided: sk-test."))
        #expect(!error.isRetryable && error.upstreamStatus == 401)
        #expect(ChatModelError.upstream(model: "m", status: 429, message: "").isRetryable)
        #expect(ChatModelError.upstream(model: "m", status: 503, message: "").isRetryable)
        #expect(!ChatModelError.upstream(model: "m", status: 400, message: "").isRetryable)
    }

    @Test func azureUsesItsURLShapeAndApiKeyHeader() async throws {
        try await withFake({ _ in OpenAIFake.completion("ok") }) { server, transport in
            let provider = OpenAIChatProvider(model: model("azure", server.url(), azure: "2024-10-21"), transport: transport)
            _ = try await provider.complete(question)
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/openai/deployments/azure-id/chat/completions?api-version=2024-10-21")
            #expect(sent.header("api-key") == "sk-test" && sent.header("Authorization") == nil)
        }
    }

    @Test func aStreamEndingWithoutDoneIsAnError() async throws {
        let events = OpenAIFake.textEvents(["Hel", "lo"])
        let reply = FakeReply(contentType: "text/event-stream", parts: events.prefix(3).map { .bytes(Array($0.utf8)) })
        let (chunks, error) = try await withFake({ _ in reply }) { server, transport in
            await drain(OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport), question)
        }
        #expect(text(chunks) == "Hello")
        guard case .interrupted(_, let reason)? = error as? ChatModelError else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("ended before"), "\(reason)")
    }

    @Test func aServerThatIgnoresStreamingStillStreamsItsWholeAnswer() async throws {
        let (chunks, error) = try await withFake({ _ in OpenAIFake.completion("all at once", prompt: 5, completion: 3) }) { server, transport in
            await drain(OpenAIChatProvider(model: model("fast", server.url("/v1")), transport: transport), question)
        }
        #expect(error == nil)
        #expect(chunks == [ChatChunk(content: "all at once", role: .assistant, finishReason: .stop, usage: ChatUsage(promptTokens: 5, completionTokens: 3))])
    }
}
