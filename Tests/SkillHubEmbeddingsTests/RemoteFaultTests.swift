import SkillHubCore
import SkillHubEmbeddings
import Testing

/// Faults of a remote service, through the real transport, each mapped to its ``EmbeddingError``.
@Suite("Remote provider faults")
struct RemoteFaultTests {
    func provider(_ baseURL: String, _ transport: any EmbeddingHTTPTransport, timeout: Duration = .seconds(10)) -> OpenAIEmbeddingProvider {
        OpenAIEmbeddingProvider(
            settings: EmbeddingSettings.OpenAI(baseURL: baseURL, model: "m", apiKey: "k", dimensions: 3), transport: transport, timeout: timeout
        )
    }

    func error(answering response: FakeResponse, texts: [String] = ["a"]) async throws -> EmbeddingError {
        try await withFake({ _ in response }) { server, transport in
            try await #require(throws: EmbeddingError.self) {
                try await provider(server.url("/v1"), transport).embed(texts, purpose: .passage)
            }
        }
    }

    @Test func garbageIsABadAnswer() async throws {
        let error = try await error(answering: FakeResponse(status: 200, body: Array("<html>oops</html>".utf8), contentType: "text/html"))
        guard case .badAnswer(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("not JSON") && reason.contains("<html>oops"), "\(reason)")
    }

    @Test func jsonOfTheWrongShapeIsABadAnswer() async throws {
        let error = try await error(answering: .json(#"{"data":[{"index":0,"embedding":["x","y","z"]}]}"#))
        guard case .badAnswer(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("embedding array of numbers"), "\(reason)")
        let missing = try await self.error(answering: .json(#"{"result":"ok"}"#))
        #expect(missing.reason.contains("without a data array"), "\(missing)")
    }

    @Test func theWrongDimensionIsABadAnswerNamingBoth() async throws {
        let error = try await error(answering: .json(#"{"data":[{"index":0,"embedding":[1,2]}]}"#))
        guard case .badAnswer(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("2 dimensions") && reason.contains("expected 3"), "\(reason)")
    }

    @Test func theWrongCountIsABadAnswer() async throws {
        let error = try await error(answering: .json(#"{"data":[{"index":0,"embedding":[1,2,3]}]}"#), texts: ["a", "b"])
        guard case .badAnswer(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("1 vectors for 2 texts"), "\(reason)")
    }

    @Test func aZeroVectorIsABadAnswer() async throws {
        let error = try await error(answering: .json(#"{"data":[{"index":0,"embedding":[0,0,0]}]}"#))
        guard case .badAnswer(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("zero or non-finite"), "\(reason)")
    }

    @Test func a500IsUnavailableWithTheReason() async throws {
        let error = try await error(answering: .json(#"{"error":{"message":"The server had an error while processing your request"}}"#, status: 500))
        guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("500") && reason.contains("server had an error"), "\(reason)")
    }

    @Test func a503WithoutJSONIsUnavailableWithTheText() async throws {
        let error = try await error(answering: FakeResponse(status: 503, body: Array("upstream overloaded".utf8), contentType: "text/plain"))
        guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("503") && reason.contains("upstream overloaded"), "\(reason)")
    }

    @Test func a400IsInvalidInput() async throws {
        let error = try await error(answering: .json(#"{"error":{"message":"This model's maximum context length is 8192 tokens"}}"#, status: 400))
        guard case .invalidInput(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("maximum context length"), "\(reason)")
    }

    @Test func aRefusedConnectionIsUnavailable() async throws {
        let port = try await FakeHTTPServer.closedPort()
        let error = try await withTransport { transport in
            try await #require(throws: EmbeddingError.self) {
                try await provider("http://127.0.0.1:\(port)/v1", transport).embed(["a"], purpose: .query)
            }
        }
        guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("127.0.0.1:\(port)") && reason.contains("refused"), "\(reason)")
    }

    @Test func noAnswerInTimeIsATimeout() async throws {
        let slow = FakeResponse(status: 200, body: Array(#"{"data":[]}"#.utf8), delay: .seconds(3))
        let started = ContinuousClock.now
        let error = try await withFake({ _ in slow }) { server, transport in
            try await #require(throws: EmbeddingError.self) {
                try await provider(server.url("/v1"), transport, timeout: .milliseconds(300)).embed(["a"], purpose: .query)
            }
        }
        guard case .timeout(let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("300 ms"), "\(reason)")
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}
