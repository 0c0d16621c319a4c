import Foundation
import OCREngine
import SkillHubCore
import Testing

/// Images drawn at run time with ImageMagick: text in a font, at a size, turned by a few degrees.
enum TestImages {
    /// Font files: DejaVu Sans (`fonts-dejavu-core`); WenQuanYi Zen Hei (`fonts-wqy-zenhei`), else Noto Sans CJK (`fonts-noto-cjk`).
    static let englishFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    static let chineseFont = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
        .first { FileManager.default.fileExists(atPath: $0) } ?? "WenQuanYi-Zen-Hei"

    /// `text` drawn black on white, `border` pixels around it, rotated by `degrees`, encoded as `format` (png, jpg, tif, bmp3, gif, webp).
    static func render(_ text: String, font: String = englishFont, pointSize: Int = 32, degrees: Double = 0, format: String = "png", border: Int = 20) throws -> [UInt8] {
        try convert([
            "-background", "white", "-fill", "black", "-font", font, "-pointsize", "\(pointSize)", "label:\(text)",
            "-bordercolor", "white", "-border", "\(border)", "-rotate", "\(degrees)", "-alpha", "remove", "-alpha", "off", "-depth", "8", "\(format):-",
        ])
    }

    /// A blank image of the given size.
    static func blank(width: Int, height: Int, format: String = "png") throws -> [UInt8] {
        try convert(["-size", "\(width)x\(height)", "xc:white", "\(format):-"])
    }

    private static func convert(_ arguments: [String]) throws -> [UInt8] {
        let tool = ["/usr/bin/magick", "/usr/bin/convert"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(tool, "ImageMagick is needed to draw test images (apt-get install imagemagick)"))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0 && !data.isEmpty, "convert \(arguments.joined(separator: " ")) failed")
        return Array(data)
    }
}

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
