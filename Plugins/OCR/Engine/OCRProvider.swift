/// Something that recognises text: the local Tesseract pool or a remote service.
public protocol OCRProvider: Sendable {
    func recognize(_ request: OCRRequest) async throws -> OCRResult
}
