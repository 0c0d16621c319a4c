/// What to recognise and how.
public struct OCRRequest: Sendable {
    /// The encoded image (PNG, JPEG, TIFF, BMP, GIF, WebP).
    public var image: [UInt8]
    public var languages: LanguageSet
    /// Tesseract page segmentation mode, 0…13 (3, fully automatic, by default).
    public var pageSegmentationMode: Int
    public var level: OCRLevel

    public init(image: [UInt8], languages: LanguageSet, pageSegmentationMode: Int = 3, level: OCRLevel = .line) {
        self.image = image
        self.languages = languages
        self.pageSegmentationMode = pageSegmentationMode
        self.level = level
    }
}

/// The granularity of `OCRResult.items`.
public enum OCRLevel: String, Sendable, Codable, CaseIterable {
    case line
    case word
}
