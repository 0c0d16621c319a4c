import Foundation
import OCREngine
import SkillHubCore
import SkillHubTestSupport
import Testing

/// Every bad input fails with a clear message, and the same provider then recognises a good image.
@Suite("Bad inputs leave the engine healthy")
struct ValidationTests {
    static let goodText = "Still healthy 123"

    /// Recognises a good image on `provider`, as the check after each failure.
    func expectHealthy(_ provider: any OCRProvider) async throws {
        let image = try TestImages.render(Self.goodText, pointSize: 32, degrees: 1)
        let result = try await provider.recognize(try request(image, languages: "eng"))
        #expect(similarity(result.text, Self.goodText) >= 0.9, "read '\(result.text)'")
    }

    func expectFailure(_ provider: any OCRProvider, _ request: OCRRequest, containing phrase: String) async throws {
        do {
            _ = try await provider.recognize(request)
            Issue.record("expected an error containing '\(phrase)'")
        } catch let error as OCRError {
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains(phrase), "message: \(error.message)")
        }
        try await expectHealthy(provider)
    }

    @Test func notAnImage() async throws {
        try await expectFailure(Shared.tesseract(), try request(Array("hello, I am plain text".utf8)), containing: "not an image")
    }

    @Test func emptyImage() async throws {
        try await expectFailure(Shared.tesseract(), try request([]), containing: "empty")
    }

    @Test func unsupportedFormat() async throws {
        let pdf = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".utf8)
        try await expectFailure(Shared.tesseract(), try request(pdf), containing: "unsupported image format PDF")
    }

    @Test("Truncated images", arguments: ["png", "jpg"])
    func truncated(format: String) async throws {
        let image = try TestImages.render("truncated image", pointSize: 40, format: format)
        try await expectFailure(Shared.tesseract(), try request(Array(image.prefix(image.count / 2))), containing: "truncated")
    }

    @Test func truncatedHeader() async throws {
        let image = try TestImages.render("x")
        try await expectFailure(Shared.tesseract(), try request(Array(image.prefix(12))), containing: "truncated")
    }

    @Test func overByteLimit() async throws {
        var configuration = OCRConfiguration()
        configuration.maxBytes = 100_000
        let provider = try TesseractProvider(configuration: configuration)
        let big = try TestImages.blank(width: 800, height: 800, format: "bmp3")
        try await expectFailure(provider, try request(big), containing: "over the limit of 100000 bytes")
    }

    @Test func overPixelLimit() async throws {
        var configuration = OCRConfiguration()
        configuration.maxPixels = 100_000
        let provider = try TesseractProvider(configuration: configuration)
        let wide = try TestImages.blank(width: 2_000, height: 100)
        try await expectFailure(provider, try request(wide), containing: "2000×100 = 200000 pixels, over the limit of 100000")
    }

    @Test("A small GIF claiming a 60000×60000 canvas is refused before anything decodes it")
    func gifBomb() async throws {
        var gif = try TestImages.render("x", format: "gif")
        gif.replaceSubrange(6..<10, with: [0x60, 0xEA, 0x60, 0xEA])
        try await expectFailure(Shared.tesseract(), try request(gif), containing: "60000×60000 = 3600000000 pixels")
    }

    @Test func unknownLanguage() async throws {
        try await expectFailure(Shared.tesseract(), try request(TestImages.render("x"), languages: "eng+klingon"), containing: "unknown language klingon")
    }

    @Test("Malformed language names never reach the file system", arguments: ["../etc/passwd", "eng+", "", "eng chi"])
    func malformedLanguages(languages: String) throws {
        #expect(throws: OCRError.self) { try LanguageSet(languages) }
    }

    @Test func pageSegmentationModeOutOfRange() async throws {
        try await expectFailure(Shared.tesseract(), try request(TestImages.render("x"), psm: 14), containing: "psm must be 0…13")
    }

    @Test("A traineddata file Tesseract cannot load fails the call, not the pool")
    func corruptTraineddata() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessdata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let real = try Tessdata(configured: nil)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("eng.traineddata").path, withDestinationPath: "\(real.directory)/eng.traineddata")
        try Data("not a model".utf8).write(to: directory.appendingPathComponent("broken.traineddata"))
        var configuration = OCRConfiguration()
        configuration.tessdataDirectory = directory.path
        configuration.poolSize = 1
        let provider = try TesseractProvider(configuration: configuration)
        try await expectFailure(provider, try request(TestImages.render("x"), languages: "broken"), containing: "could not load languages 'broken'")
        #expect(await provider.poolStats.busy == 0)
    }
}
