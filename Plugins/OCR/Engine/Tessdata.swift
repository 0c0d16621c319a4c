import Foundation

/// Where Tesseract's `.traineddata` files are, and which languages are there.
public struct Tessdata: Sendable {
    public let directory: String

    /// `configured` when given; else `$TESSDATA_PREFIX`, else the Debian and common install paths.
    public init(configured: String?) throws(OCRError) {
        let environment = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"]
        let candidates = [configured, environment].compactMap { $0 }
            + ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata"]
        if let configured, !Self.isDirectory(configured) {
            throw OCRError(.internal, "ocr_tessdata_dir \(configured) is not a directory")
        }
        guard let found = candidates.first(where: Self.isDirectory) else {
            throw OCRError(.internal, "no tessdata directory found (install tesseract-ocr-eng, or set ocr_tessdata_dir)")
        }
        directory = found
    }

    /// Every language of `set` has its `.traineddata`, or the error names the missing ones and the installed ones.
    public func check(_ set: LanguageSet) throws(OCRError) {
        let missing = set.names.filter { !FileManager.default.fileExists(atPath: "\(directory)/\($0).traineddata") }
        guard missing.isEmpty else {
            let known = installed.joined(separator: ", ")
            throw .invalid("unknown language \(missing.joined(separator: ", ")); installed: \(known)")
        }
    }

    /// The languages installed, sorted (without `osd`, which only detects orientation).
    public var installed: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".traineddata") }.map { String($0.dropLast(".traineddata".count)) }.filter { $0 != "osd" }.sorted()
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
