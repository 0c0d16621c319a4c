import Foundation

/// Images drawn at run time with ImageMagick (`convert`): text in a font, at a
/// size, turned by a few degrees; for the OCR tests.
public enum TestImages {
    /// Font files: DejaVu Sans (`fonts-dejavu-core`); WenQuanYi Zen Hei (`fonts-wqy-zenhei`), else Noto Sans CJK (`fonts-noto-cjk`).
    public static let englishFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    public static let chineseFont = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
        .first { FileManager.default.fileExists(atPath: $0) } ?? "WenQuanYi-Zen-Hei"

    /// ImageMagick is missing, or it could not draw the image.
    public struct DrawingFailed: Error, CustomStringConvertible {
        public let description: String
    }

    /// `text` drawn black on white, `border` pixels around it, rotated by `degrees`, encoded as `format` (png, jpg, tif, bmp3, gif, webp).
    public static func render(_ text: String, font: String = englishFont, pointSize: Int = 32, degrees: Double = 0, format: String = "png", border: Int = 20) throws -> [UInt8] {
        try convert([
            "-background", "white", "-fill", "black", "-font", font, "-pointsize", "\(pointSize)", "label:\(text)",
            "-bordercolor", "white", "-border", "\(border)", "-rotate", "\(degrees)", "-alpha", "remove", "-alpha", "off", "-depth", "8", "\(format):-",
        ])
    }

    /// A blank image of the given size.
    public static func blank(width: Int, height: Int, format: String = "png") throws -> [UInt8] {
        try convert(["-size", "\(width)x\(height)", "xc:white", "\(format):-"])
    }

    private static func convert(_ arguments: [String]) throws -> [UInt8] {
        guard let tool = ["/usr/bin/magick", "/usr/bin/convert"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw DrawingFailed(description: "ImageMagick is needed to draw test images (apt-get install imagemagick)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else {
            throw DrawingFailed(description: "convert \(arguments.joined(separator: " ")) failed")
        }
        return Array(data)
    }
}
