import OCREngine
import SkillKit

/// Fetches an image by URL through the host's HTTP client: http(s) only, size-capped, with a timeout.
struct ImageFetcher: Sendable {
    var maxBytes: Int
    var timeout: Duration

    func fetch(_ url: String, context: SkillContext) async throws -> [UInt8] {
        try await context.fetch(url, accept: "image/*", maxBytes: maxBytes, timeout: timeout, what: "the image (ocr_max_bytes)").body
    }
}
