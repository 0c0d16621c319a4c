import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubEmbeddings
import Testing

/// A provider that records each batch and answers one-hot vectors numbering the texts.
struct RecordingProvider: EmbeddingProvider {
    let batches = NIOLockedValueBox<[[String]]>([])
    var model: String { "recording" }
    var dimensions: Int { 3 }
    var answerCount: (@Sendable (Int) -> Int)? = nil

    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        batches.withLockedValue { $0.append(texts) }
        let count = answerCount?(texts.count) ?? texts.count
        return EmbeddingResult(vectors: (0..<count).map { [Float(Int(texts[min($0, texts.count - 1)]) ?? 0), 0, 1] }, promptTokens: texts.count)
    }
}

@Suite("Batching")
struct BatchingEmbeddingProviderTests {
    @Test func splitsIntoBatchesAndKeepsTheOrder() async throws {
        let base = RecordingProvider()
        let provider = BatchingEmbeddingProvider(base, maxBatchSize: 2)
        let result = try await provider.embed(["1", "2", "3", "4", "5"], purpose: .passage)
        #expect(base.batches.withLockedValue { $0 } == [["1", "2"], ["3", "4"], ["5"]])
        #expect(result.vectors.map { $0[0] } == [1, 2, 3, 4, 5])
        #expect(result.promptTokens == 5)
    }

    @Test func badInputIsRefusedBeforeAnyCall() async throws {
        let base = RecordingProvider()
        let provider = BatchingEmbeddingProvider(base, maxBatchSize: 2, maximumTextBytes: 10)
        await #expect(throws: EmbeddingError.invalidInput("no texts to embed")) { try await provider.embed([], purpose: .query) }
        await #expect(throws: EmbeddingError.invalidInput("text 1 is empty")) { try await provider.embed(["a", ""], purpose: .query) }
        await #expect(throws: EmbeddingError.invalidInput("text 0 is 11 bytes; at most 10 are accepted")) {
            try await provider.embed(["hello world"], purpose: .query)
        }
        await #expect(throws: EmbeddingError.invalidInput("text 0 contains a NUL character")) { try await provider.embed(["a\u{0}b"], purpose: .query) }
        #expect(base.batches.withLockedValue { $0 }.isEmpty)
    }

    @Test func aProviderAnsweringTheWrongCountIsABadAnswer() async throws {
        var base = RecordingProvider()
        base.answerCount = { $0 - 1 }
        let provider = BatchingEmbeddingProvider(base, maxBatchSize: 4)
        await #expect(throws: EmbeddingError.badAnswer("recording answered 1 vectors for 2 texts")) {
            try await provider.embed(["1", "2"], purpose: .query)
        }
    }

    @Test func theFactoryPutsBatchingInFrontOfTheChosenProvider() async throws {
        try await withFake(fakeOllama(dimensions: 3)) { server, transport in
            let settings = EmbeddingSettings(provider: .ollama(.init(baseURL: server.url(), model: "nomic-embed-text", dimensions: 3)), maxBatchSize: 2)
            let provider = EmbeddingProviderFactory.make(settings, transport: transport)
            #expect(provider.base.base is OllamaEmbeddingProvider)
            #expect(provider.localModel == nil)
            #expect(provider.model == "nomic-embed-text" && provider.dimensions == 3)
            let result = try await provider.embed(["a", "b", "c"], purpose: .passage)
            #expect(server.requests.map { $0.json["input"]?.arrayValue?.count } == [2, 1])
            #expect(close(result.vectors[2], FakeVectors.unit(for: "c", dimensions: 3)))
        }
    }
}
