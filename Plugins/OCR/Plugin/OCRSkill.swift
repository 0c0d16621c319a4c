import OCREngine
import SkillKit

/// `ocr`: text from images. Tesseract runs in process through a pool of warm engines (`ocr_type`
/// `tesseract`); `paddleocr` and `ve` send the image to PaddleOCR or Volcengine OCR through the host.
struct OCRSkill: Skill {
    let configuration: OCRConfiguration
    let provider: any OCRProvider
    let fetcher: ImageFetcher

    init(context: SkillContext) async throws {
        do throws(OCRError) {
            configuration = try OCRConfiguration(context.configuration)
            provider = try OCRProviders.make(configuration, transport: HostTransport.transport(fallback: context))
        } catch {
            throw error.skillError
        }
        fetcher = ImageFetcher(maxBytes: configuration.maxBytes, timeout: .milliseconds(configuration.httpTimeoutMS))
        context.log(.info, "ocr ready: \(configuration.provider.rawValue), pool \(configuration.poolSize), languages \(configuration.defaultLanguages)")
    }

    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
        guard request.capability == "recognize" else { throw SkillError.unknownCapability(request.capability) }
        let input = try RecognizeInput(request.input, configuration: configuration)
        let image = switch input.source {
        case .image(let bytes): bytes
        case .url(let url): try await fetcher.fetch(url, context: context)
        }
        do {
            let result = try await HostTransport.$context.withValue(context) {
                try await provider.recognize(input.request(image: image))
            }
            context.metric(.histogram, "ocr_recognize_seconds", result.elapsedMS / 1000)
            return try SkillResponse(json: result)
        } catch let error as OCRError {
            throw error.skillError
        }
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(OCRSkill.self)
}
