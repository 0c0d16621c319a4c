import SkillHubCore

/// OCR in process with Tesseract, through a pool of warm engines.
public final class TesseractProvider: OCRProvider {
    public let decoder: ImageDecoder
    public let tessdata: Tessdata
    private let pool: EnginePool

    public init(configuration: OCRConfiguration) throws(OCRError) {
        decoder = ImageDecoder(maxBytes: configuration.maxBytes, maxPixels: configuration.maxPixels)
        tessdata = try Tessdata(configured: configuration.tessdataDirectory)
        pool = EnginePool(capacity: configuration.poolSize, tessdata: tessdata)
    }

    /// Checks the request before waiting for an engine, so a bad one fails at once and leaves the pool alone.
    public func recognize(_ request: OCRRequest) async throws -> OCRResult {
        let started = ContinuousClock.now
        guard (0...13).contains(request.pageSegmentationMode) else {
            throw OCRError.invalid("psm must be 0…13; got \(request.pageSegmentationMode)")
        }
        let header = try decoder.inspect(request.image)
        try tessdata.check(request.languages)
        let recognition = try await pool.withEngine(request.languages) { engine in
            try await engine.recognize(request, decoder: self.decoder)
        }
        return OCRResult(
            text: recognition.text, items: recognition.items, width: header.width, height: header.height,
            engine: TesseractEngine.versionName, languages: request.languages.description,
            elapsedMS: elapsedMilliseconds(since: started)
        )
    }

    /// Engines alive, idle engines, busy slots and waiting callers.
    public var poolStats: EnginePoolStats {
        get async { await pool.stats }
    }
}

/// Milliseconds since `start`, to a tenth.
func elapsedMilliseconds(since start: ContinuousClock.Instant) -> Double {
    (start.duration(to: .now).inMilliseconds * 10).rounded() / 10
}
