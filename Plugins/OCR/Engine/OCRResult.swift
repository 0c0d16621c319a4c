/// A recognition: the whole text, its lines or words with boxes, and how it was made.
public struct OCRResult: Sendable, Codable, Equatable {
    /// All recognised text, lines separated by `\n`.
    public var text: String
    /// Lines or words, in reading order.
    public var items: [OCRItem]
    /// Image size in pixels.
    public var width: Int
    public var height: Int
    /// Who recognised it, e.g. `tesseract 5.3.0`, `paddleocr`, `volcengine OCRNormal`.
    public var engine: String
    /// The language set asked for, e.g. `eng+chi_sim`.
    public var languages: String
    public var elapsedMS: Double

    public init(text: String, items: [OCRItem], width: Int, height: Int, engine: String, languages: String, elapsedMS: Double) {
        self.text = text
        self.items = items
        self.width = width
        self.height = height
        self.engine = engine
        self.languages = languages
        self.elapsedMS = elapsedMS
    }

    enum CodingKeys: String, CodingKey {
        case text, items, width, height, engine, languages
        case elapsedMS = "elapsed_ms"
    }
}

/// One recognised line or word.
public struct OCRItem: Sendable, Codable, Equatable {
    public var text: String
    /// 0…1 (Tesseract's 0…100 scaled down; providers' scores as given).
    public var confidence: Double
    /// Absent when a provider gives no position.
    public var box: OCRBox?

    public init(text: String, confidence: Double, box: OCRBox?) {
        self.text = text
        self.confidence = confidence
        self.box = box
    }
}

/// An axis-aligned box in image pixels, origin top left.
public struct OCRBox: Sendable, Codable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The smallest box around a polygon's points.
    init?(points: [(Double, Double)]) {
        guard let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
              let minY = points.map(\.1).min(), let maxY = points.map(\.1).max() else { return nil }
        self.init(x: Int(minX.rounded()), y: Int(minY.rounded()), width: Int((maxX - minX).rounded()), height: Int((maxY - minY).rounded()))
    }
}
