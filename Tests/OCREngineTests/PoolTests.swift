import OCREngine
import SkillHubTestSupport
import Testing

@Suite("Engine pool")
struct PoolTests {
    @Test("8 concurrent requests on a pool of 2: all answered, never more than 2 engines")
    func concurrentBeyondPoolSize() async throws {
        var configuration = OCRConfiguration()
        configuration.poolSize = 2
        let provider = try TesseractProvider(configuration: configuration)
        let texts = (1...8).map { "Concurrent request number \($0)" }
        let images = try texts.map { try TestImages.render($0, pointSize: 28, degrees: Double($0.count % 3) - 1) }
        let results = try await withThrowingTaskGroup(of: (Int, OCRResult).self) { group in
            for (index, image) in images.enumerated() {
                group.addTask { (index, try await provider.recognize(try request(image, languages: "eng"))) }
            }
            var results: [Int: OCRResult] = [:]
            for try await (index, result) in group {
                results[index] = result
                let stats = await provider.poolStats
                #expect(stats.busy <= 2 && stats.engines <= 2)
            }
            return results
        }
        for (index, text) in texts.enumerated() {
            #expect(similarity(results[index]?.text ?? "", text) >= 0.9, "read '\(results[index]?.text ?? "")' for '\(text)'")
        }
        let stats = await provider.poolStats
        #expect(stats == EnginePoolStats(engines: 2, idle: 2, busy: 0, waiting: 0))
    }

    @Test("Engines are reused per language set and replaced when another set needs the room")
    func reuseAndEviction() async throws {
        var configuration = OCRConfiguration()
        configuration.poolSize = 1
        let provider = try TesseractProvider(configuration: configuration)
        let image = try TestImages.render("reuse", pointSize: 30)
        for languages in ["eng", "eng", "chi_sim+eng", "eng"] {
            let result = try await provider.recognize(try request(image, languages: languages))
            #expect(similarity(result.text, "reuse") >= 0.8)
            #expect(await provider.poolStats == EnginePoolStats(engines: 1, idle: 1, busy: 0, waiting: 0))
        }
    }

    @Test("A cancelled waiter leaves the queue and the pool keeps serving")
    func cancelledWaiter() async throws {
        var configuration = OCRConfiguration()
        configuration.poolSize = 1
        let provider = try TesseractProvider(configuration: configuration)
        let image = try TestImages.render("Cancellation is fine", pointSize: 30)
        let running = Task { try await provider.recognize(try request(image, languages: "eng")) }
        let waiting = Task {
            try await Task.sleep(for: .milliseconds(20))
            return try await provider.recognize(try request(image, languages: "eng"))
        }
        try await Task.sleep(for: .milliseconds(60))
        waiting.cancel()
        _ = try await running.value
        _ = await waiting.result
        let after = try await provider.recognize(try request(image, languages: "eng"))
        #expect(similarity(after.text, "Cancellation is fine") >= 0.9)
        let stats = await provider.poolStats
        #expect(stats.busy == 0 && stats.waiting == 0)
    }
}
