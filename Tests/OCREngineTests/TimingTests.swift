import OCREngine
import Testing

/// Warm-engine timings, printed for comparison with the `tesseract` command; the bound is loose on purpose
/// (other suites run in parallel). Run alone for numbers: `swift test --filter TimingTests`.
@Suite("Timing on a warm engine", .serialized)
struct TimingTests {
    static let cases = [
        ("small English line", "Hello world 2024", TestImages.englishFont, 24, "eng"),
        ("English sentence", "The quick brown fox jumps over the lazy dog", TestImages.englishFont, 32, "eng"),
        ("small English line, eng+chi_sim", "Hello world 2024", TestImages.englishFont, 24, "eng+chi_sim"),
        ("Chinese line, eng+chi_sim", "今天天气很好我们去公园散步", TestImages.chineseFont, 36, "eng+chi_sim"),
    ]

    @Test("Median of 5 warm runs", arguments: cases)
    func warm(name: String, text: String, font: String, pointSize: Int, languages: String) async throws {
        let provider = try Shared.tesseract()
        let image = try TestImages.render(text, font: font, pointSize: pointSize, degrees: 1)
        let ocrRequest = try request(image, languages: languages)
        let first = try await provider.recognize(ocrRequest) // warms the engine
        var times: [Double] = []
        for _ in 0..<5 {
            times.append(try await provider.recognize(ocrRequest).elapsedMS)
        }
        let median = times.sorted()[2]
        print("OCR timing: \(name) [\(languages)] '\(first.text)' \(first.width)×\(first.height): first \(first.elapsedMS) ms, then median \(median) ms of \(times)")
        #expect(median < 1_000)
    }
}
