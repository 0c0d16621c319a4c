import OCREngine
import SkillHubTestSupport
import Testing

/// One Tesseract provider shared by the tests, as a plugin instance would share it between calls.
enum Shared {
    static let provider: TesseractProvider? = try? TesseractProvider(configuration: OCRConfiguration())

    static func tesseract() throws -> TesseractProvider {
        try #require(provider, "Tesseract with eng and chi_sim traineddata is needed")
    }
}

/// How alike two texts are, 0…1, whitespace ignored: 1 − edit distance / longer length.
func similarity(_ a: String, _ b: String) -> Double {
    let x = Array(a.unicodeScalars.filter { !$0.properties.isWhitespace })
    let y = Array(b.unicodeScalars.filter { !$0.properties.isWhitespace })
    guard !x.isEmpty, !y.isEmpty else { return x.isEmpty && y.isEmpty ? 1 : 0 }
    var previous = Array(0...y.count)
    for i in 1...x.count {
        var current = [i] + Array(repeating: 0, count: y.count)
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return 1 - Double(previous[y.count]) / Double(max(x.count, y.count))
}

func request(_ image: [UInt8], languages: String = "eng+chi_sim", psm: Int = 3, level: OCRLevel = .line) throws -> OCRRequest {
    OCRRequest(image: image, languages: try LanguageSet(languages), pageSegmentationMode: psm, level: level)
}
