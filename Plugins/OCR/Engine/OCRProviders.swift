import SkillHubCore

/// The provider that `ocr_type` names.
public enum OCRProviders {
    /// Tesseract needs no transport; the remote providers send through `transport`.
    public static func make(_ configuration: OCRConfiguration, transport: @escaping HostHTTPTransport) throws(OCRError) -> any OCRProvider {
        switch configuration.provider {
        case .tesseract: try TesseractProvider(configuration: configuration)
        case .paddleocr: try PaddleOCRProvider(configuration: configuration, transport: transport)
        case .ve: try VolcengineOCRProvider(configuration: configuration, transport: transport)
        }
    }
}
