import SkillHubChatModels
import SkillHubCore
import Testing

/// Fallback, timeouts and cancellation through the real transport against two fakes.
@Suite("Chat router")
struct ChatRouterTests {
    /// `first` falling back to `second`, each at the given URL.
    func settings(_ first: String, _ second: String, timeout: Duration = .seconds(5)) -> ChatModelSettings {
        ChatModelSettings(models: [
            model("first", first, fallbacks: ["second"], timeout: timeout),
            model("second", second, timeout: timeout),
        ])
    }

    /// Runs `body` with a router over two fakes (`first` → `second`).
    func withTwo<T: Sendable>(
        _ first: @escaping FakeChatServer.Handler, _ second: @escaping FakeChatServer.Handler, timeout: Duration = .seconds(5),
        _ body: (ChatRouter, FakeChatServer, FakeChatServer) async throws -> T
    ) async throws -> T {
        try await withFake(first) { one, transport in
            let two = try await FakeChatServer.start(second)
            defer { Task { await two.stop() } }
            let router = ChatRouter(settings: settings(one.url("/v1"), two.url("/v1"), timeout: timeout), transport: transport)
            return try await body(router, one, two)
        }
    }

    @Test func a503FallsBackToTheNextModelAndSaysSo() async throws {
        let answer = try await withTwo({ _ in OpenAIFake.error(503, "The engine is currently overloaded", type: "server_error") }, { _ in OpenAIFake.completion("from two") }) { router, _, _ in
            try await router.complete(question)
        }
        #expect(answer.model == "second" && answer.message.content == "from two")
        #expect(answer.failedAttempts.map(\.model) == ["first"])
        #expect(answer.failedAttempts.first?.error == .upstream(model: "first", status: 503, message: "The engine is currently overloaded"))
    }

    @Test func aRefusedConnectionFallsBack() async throws {
        let closed = try await FakeChatServer.closedPort()
        let answer = try await withFake({ _ in OpenAIFake.completion("from two") }) { two, transport in
            let router = ChatRouter(settings: settings("http://127.0.0.1:\(closed)/v1", two.url("/v1")), transport: transport)
            return try await router.complete(question)
        }
        #expect(answer.model == "second")
        guard case .unreachable(let name, let reason)? = answer.failedAttempts.first?.error else { Issue.record("\(answer.failedAttempts)"); return }
        #expect(name == "first" && reason.contains("refused"), "\(reason)")
    }

    @Test func aTimeoutFallsBack() async throws {
        let slow = FakeReply(headDelay: .seconds(3), parts: [.bytes(Array("{}".utf8))])
        let clock = ContinuousClock()
        var answer: ChatCompletion?
        let elapsed = try await clock.measure {
            answer = try await withTwo({ _ in slow }, { _ in OpenAIFake.completion("from two") }, timeout: .milliseconds(300)) { router, _, _ in
                try await router.complete(question)
            }
        }
        #expect(answer?.model == "second")
        guard case .timeout? = answer?.failedAttempts.first?.error else { Issue.record("\(String(describing: answer))"); return }
        #expect(elapsed < .seconds(2))
    }

    @Test func a400IsNeverRetried() async throws {
        let error = try await withTwo({ _ in OpenAIFake.error(400, "Invalid value for 'temperature'") }, { _ in OpenAIFake.completion("from two") }) { router, _, two in
            let error = try await #require(throws: ChatModelError.self) { try await router.complete(question) }
            #expect(two.requests.isEmpty)
            return error
        }
        #expect(error == .upstream(model: "first", status: 400, message: "Invalid value for 'temperature'"))
    }

    @Test func whenEveryModelFailsAllAttemptsAreReported() async throws {
        let error = try await withTwo({ _ in OpenAIFake.error(502, "bad gateway") }, { _ in OpenAIFake.error(429, "Rate limit reached") }) { router, _, _ in
            try await #require(throws: ChatModelError.self) { try await router.complete(question) }
        }
        guard case .allModelsFailed(let attempts) = error else { Issue.record("\(error)"); return }
        #expect(attempts.map(\.model) == ["first", "second"])
        #expect(error.upstreamStatus == 429 && error.isRetryable)
    }

    @Test func internalTasksUseTheirOwnModel() async throws {
        try await withFake({ _ in OpenAIFake.completion("rewritten") }) { server, transport in
            let memory = ChatModelSettings.Model(name: "builtin:mem", modelID: "mem-model", provider: .openai, baseURL: server.url("/v1"), source: "MEM_BUILTIN_CM_*")
            let settings = ChatModelSettings(models: [model("chat", "http://127.0.0.1:1/v1")], taskModels: ["MEM": memory])
            let router = ChatRouter(settings: settings, transport: transport)
            let answer = try await router.complete(ChatRequest(model: settings.internalModel(for: "mem").name, messages: [.user("remember this")]))
            #expect(answer.model == "builtin:mem" && answer.message.content == "rewritten")
            #expect(server.requests.first?.json["model"] == "mem-model")
        }
    }

    @Test func anUnknownModelIsRefused() async throws {
        let router = ChatRouter(settings: .local) { model in OpenAIChatProvider(model: model, transport: NoTransport()) }
        var request = question
        request.model = "gpt-7"
        await #expect(throws: ChatModelError.unknownModel("gpt-7")) { try await router.complete(request) }
    }

    @Test func aStreamFallsBackBeforeItsFirstToken() async throws {
        let (model, failed, chunks, error) = try await withTwo({ _ in OpenAIFake.error(503, "overloaded") }, { _ in OpenAIFake.stream(["A", "B"]) }) { router, _, _ in
            let (outcome, chunks, error) = await drain(router, question)
            return (outcome?.model, outcome?.failedAttempts.map(\.model), chunks, error)
        }
        #expect(model == "second" && failed == ["first"])
        #expect(text(chunks) == "AB" && error == nil)
    }

    @Test func whatAFailingModelSentBeforeItsAnswerBeganIsNeverPassedOn() async throws {
        // The first model sends its role-only opening piece, then dies before any text.
        let opening = OpenAIFake.textEvents(["never seen"]).prefix(1).map { FakeReply.Part.bytes(Array($0.utf8)) }
        let dying = FakeReply(contentType: "text/event-stream", parts: opening + [.die])
        let (outcome, chunks, error) = try await withTwo({ _ in dying }, { _ in OpenAIFake.stream(["B"]) }) { router, _, _ in
            await drain(router, question)
        }
        #expect(error == nil && outcome?.model == "second" && outcome?.failedAttempts.map(\.model) == ["first"])
        #expect(text(chunks) == "B" && chunks.filter { $0.role == .assistant }.count == 1, "\(chunks)")
    }

    @Test func aStreamNeverSwitchesAfterItsFirstToken() async throws {
        let events = OpenAIFake.textEvents(["one", " two", " three"])
        let dying = FakeReply(contentType: "text/event-stream", parts: events.prefix(3).map { .bytes(Array($0.utf8)) } + [.die])
        let (model, chunks, error, secondCalls) = try await withTwo({ _ in dying }, { _ in OpenAIFake.stream(["never"]) }) { router, _, two in
            let (outcome, chunks, error) = await drain(router, question)
            return (outcome?.model, chunks, error, two.requests.count)
        }
        #expect(model == nil && text(chunks) == "one two" && secondCalls == 0)
        guard case .interrupted(let name, _)? = error as? ChatModelError else { Issue.record("\(String(describing: error))"); return }
        #expect(name == "first")
    }

    @Test func aStreamThatFallsSilentTimesOut() async throws {
        let events = OpenAIFake.textEvents(["one"])
        let silent = FakeReply(contentType: "text/event-stream", parts: events.prefix(2).map { .bytes(Array($0.utf8)) } + [.pause(.seconds(5))])
        let error = try await withTwo({ _ in silent }, { _ in OpenAIFake.stream(["never"]) }, timeout: .milliseconds(300)) { router, _, _ in
            await drain(router, question).error
        }
        guard case .interrupted(_, let reason)? = error as? ChatModelError else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("no answer"), "\(reason)")
    }

    @Test func cancellingTheConsumerClosesTheUpstreamConnection() async throws {
        let events = OpenAIFake.textEvents(["first token"])
        let endless = FakeReply(contentType: "text/event-stream", parts: events.prefix(2).map { .bytes(Array($0.utf8)) } + [.pause(.seconds(30))])
        try await withFake({ _ in endless }) { server, transport in
            let router = ChatRouter(settings: ChatModelSettings(models: [model("only", server.url("/v1"), timeout: .seconds(60))]), transport: transport)
            let firstToken = AsyncStream.makeStream(of: String.self)
            let consumer = Task {
                try await router.stream(question) { chunk in
                    if !chunk.content.isEmpty { firstToken.continuation.yield(chunk.content) }
                }
            }
            var tokens = firstToken.stream.makeAsyncIterator()
            #expect(await tokens.next() == "first token")
            #expect(server.connectionsOpen == 1)
            consumer.cancel()
            #expect(await server.wait { $0.connectionsClosed == 1 && $0.connectionsOpen == 0 }, "the upstream connection stayed open")
            guard case .failure(let error) = await consumer.result, error is CancellationError else {
                Issue.record("a cancelled stream must end with CancellationError")
                return
            }
        }
    }
}

/// A transport that must not be used.
struct NoTransport: ChatHTTPTransport {
    func stream(_ request: ChatHTTPRequest, timeout: Duration) async throws -> ChatHTTPStreamingResponse {
        throw ChatHTTPTransportError.unreachable("no transport")
    }
}
