@testable import OCREngine
import SkillHubTestSupport
import Testing

@Suite("Tesseract recognition on generated images")
struct RecognitionTests {
    static let english = [
        ("The quick brown fox jumps over the lazy dog", 20, -1.5),
        ("SkillHub reads text from images", 32, 2.0),
        ("Invoice 2024-117 total 356.80 EUR", 48, -3.0),
    ]

    @Test("English lines at several sizes, slightly rotated", arguments: english)
    func englishText(text: String, pointSize: Int, degrees: Double) async throws {
        let image = try TestImages.render(text, pointSize: pointSize, degrees: degrees)
        let result = try await Shared.tesseract().recognize(try request(image, languages: "eng"))
        #expect(similarity(result.text, text) >= 0.9, "read '\(result.text)' for '\(text)'")
        #expect(result.items.count == 1)
        #expect(result.engine.hasPrefix("tesseract 5"))
        #expect(result.languages == "eng")
    }

    /// Automatic layout (psm 3) now and then drops part of a lone short line in a small image
    /// (seen with the `tesseract` command too), so one case asks for a single block (psm 6).
    static let chinese = [
        ("光学字符识别技术", 28, 1.0, 6),
        ("今天天气很好我们去公园散步", 36, -2.0, 3),
        ("技能中心识别图片中的文字", 56, 2.5, 3),
    ]

    @Test("Chinese lines at several sizes, slightly rotated", arguments: chinese)
    func chineseText(text: String, pointSize: Int, degrees: Double, psm: Int) async throws {
        let image = try TestImages.render(text, font: TestImages.chineseFont, pointSize: pointSize, degrees: degrees)
        let result = try await Shared.tesseract().recognize(try request(image, psm: psm))
        #expect(similarity(result.text, text) >= 0.8, "read '\(result.text)' for '\(text)'")
        #expect(!result.text.contains(" "), "spaces left between Chinese characters: '\(result.text)'")
        #expect(result.languages == "eng+chi_sim")
    }

    @Test("Spaces between CJK characters go, others stay")
    func cjkSpacing() {
        #expect("今天 天 气 很 好".collapsingCJKSpaces == "今天天气很好")
        #expect("OCR 光学 识别 2024".collapsingCJKSpaces == "OCR 光学识别 2024")
        #expect("hello world\n你 好".collapsingCJKSpaces == "hello world\n你好")
    }

    @Test("Mixed English and Chinese with the default eng+chi_sim")
    func mixedText() async throws {
        let text = "OCR 光学字符识别 2024"
        let image = try TestImages.render(text, font: TestImages.chineseFont, pointSize: 40, degrees: 1)
        let result = try await Shared.tesseract().recognize(try request(image))
        #expect(similarity(result.text, text) >= 0.8, "read '\(result.text)'")
    }

    @Test("Word level gives a box per word inside the line's box")
    func wordsAndLines() async throws {
        let text = "alpha beta gamma delta"
        let image = try TestImages.render("\(text)\nsecond line here", pointSize: 32, degrees: 0.5)
        let lines = try await Shared.tesseract().recognize(try request(image, languages: "eng", level: .line))
        let words = try await Shared.tesseract().recognize(try request(image, languages: "eng", level: .word))
        #expect(lines.items.count == 2)
        #expect(words.items.map(\.text) == ["alpha", "beta", "gamma", "delta", "second", "line", "here"])
        let firstLine = try #require(lines.items.first?.box)
        for word in words.items.prefix(4) {
            let box = try #require(word.box)
            #expect(box.x >= firstLine.x && box.x + box.width <= firstLine.x + firstLine.width + 2)
            #expect(box.width > 0 && box.height > 0)
            #expect((0...1).contains(word.confidence) && word.confidence > 0.5)
        }
        let xs = words.items.prefix(4).compactMap(\.box?.x)
        #expect(xs == xs.sorted())
        #expect(similarity(lines.text, words.text) > 0.95)
        #expect(lines.width > 0 && lines.height > 0)
    }

    @Test("Formats Leptonica decodes", arguments: ["png", "jpg", "tif", "bmp3", "gif", "webp"])
    func formats(format: String) async throws {
        let text = "Format check 42"
        let image = try TestImages.render(text, pointSize: 36, format: format)
        let result = try await Shared.tesseract().recognize(try request(image, languages: "eng"))
        #expect(similarity(result.text, text) >= 0.9, "\(format): read '\(result.text)'")
    }

    @Test("Page segmentation mode 7 reads a single line")
    func singleLineMode() async throws {
        let image = try TestImages.render("single line mode", pointSize: 30)
        let result = try await Shared.tesseract().recognize(try request(image, languages: "eng", psm: 7))
        #expect(similarity(result.text, "single line mode") >= 0.9)
    }
}

@Suite("Every page segmentation mode")
struct PageSegmentationModeTests {
    @Test("psm 0…13 each answer or fail cleanly, and the engine keeps working", arguments: 0...13)
    func mode(psm: Int) async throws {
        let image = try TestImages.render("Mode check", pointSize: 30)
        do {
            _ = try await Shared.tesseract().recognize(try request(image, languages: "eng", psm: psm))
        } catch let error as OCRError {
            #expect(error.kind == .invalidInput, "psm \(psm): \(error.message)")
        }
        let after = try await Shared.tesseract().recognize(try request(image, languages: "eng"))
        #expect(similarity(after.text, "Mode check") >= 0.9)
    }
}
