import CTesseract
import Dispatch

/// One initialised `TessBaseAPI` for one language set, with the serial queue (its own thread) that all its
/// calls run on. The pool hands it to one recognition at a time.
final class TesseractEngine: @unchecked Sendable {
    let languages: LanguageSet
    private let api: OpaquePointer
    private let queue: DispatchQueue

    /// Loads the language models (slow for large ones: call it through ``create(languages:tessdata:)``).
    private init(languages: LanguageSet, tessdata: Tessdata, queue: DispatchQueue) throws(OCRError) {
        guard let api = TessBaseAPICreate() else { throw OCRError(.internal, "Tesseract could not allocate an engine") }
        guard TessBaseAPIInit3(api, tessdata.directory, languages.description) == 0 else {
            TessBaseAPIDelete(api)
            throw .invalid("Tesseract could not load languages '\(languages)' from \(tessdata.directory)")
        }
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        self.languages = languages
        self.api = api
        self.queue = queue
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// Lets `engine` go on its own queue, where its models are unloaded (slow work too).
    static func dispose(_ engine: TesseractEngine) {
        engine.queue.async { withExtendedLifetime(engine) {} }
    }

    /// A new engine, initialised on its own queue.
    static func create(languages: LanguageSet, tessdata: Tessdata) async throws -> TesseractEngine {
        let queue = DispatchQueue(label: "skillhub.ocr.tesseract.\(languages)")
        return try await run(on: queue) { () throws(OCRError) in
            try TesseractEngine(languages: languages, tessdata: tessdata, queue: queue)
        }
    }

    /// What one recognition found.
    struct Recognition: Sendable {
        var text: String
        var items: [OCRItem]
    }

    /// Decodes and recognises `request` on the engine's queue; the caller's task only waits.
    func recognize(_ request: OCRRequest, decoder: ImageDecoder) async throws -> Recognition {
        try await Self.run(on: queue) { () throws(OCRError) in
            let pix = try decoder.decode(request.image)
            defer { TessBaseAPIClear(self.api) }
            TessBaseAPISetImage2(self.api, pix.pointer)
            TessBaseAPISetPageSegMode(self.api, TessPageSegMode(rawValue: UInt32(request.pageSegmentationMode)))
            guard TessBaseAPIRecognize(self.api, nil) == 0 else {
                throw OCRError(.internal, "Tesseract failed to recognise the image")
            }
            return Recognition(text: self.text(), items: self.items(at: request.level))
        }
    }

    /// The whole recognised text, trimmed.
    private func text() -> String {
        guard let cText = TessBaseAPIGetUTF8Text(api) else { return "" }
        defer { TessDeleteText(cText) }
        return String(cString: cText).trimmingWhitespace.collapsingCJKSpaces
    }

    /// The recognised lines or words with confidence and box, empty ones left out.
    private func items(at level: OCRLevel) -> [OCRItem] {
        guard let iterator = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let pageLevel = level == .word ? RIL_WORD : RIL_TEXTLINE
        let page = TessResultIteratorGetPageIteratorConst(iterator)
        var items: [OCRItem] = []
        repeat {
            guard let cText = TessResultIteratorGetUTF8Text(iterator, pageLevel) else { continue }
            let text = String(cString: cText).trimmingWhitespace.collapsingCJKSpaces
            TessDeleteText(cText)
            guard !text.isEmpty else { continue }
            var (left, top, right, bottom): (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
            let hasBox = TessPageIteratorBoundingBox(page, pageLevel, &left, &top, &right, &bottom) != 0
            let box = hasBox ? OCRBox(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top)) : nil
            let confidence = Double(TessResultIteratorConfidence(iterator, pageLevel)) / 100
            items.append(OCRItem(text: text, confidence: (confidence * 1000).rounded() / 1000, box: box))
        } while TessResultIteratorNext(iterator, pageLevel) != 0
        return items
    }

    /// Runs `work` on `queue` and resumes the waiting task with its result.
    private static func run<T: Sendable>(on queue: DispatchQueue, _ work: @escaping @Sendable () throws(OCRError) -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                OpenMP.serializeCurrentThread()
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
        }
    }
}

extension TesseractEngine {
    /// `tesseract 5.3.0`.
    static let versionName: String = "tesseract \(String(cString: TessVersion()))"
}
