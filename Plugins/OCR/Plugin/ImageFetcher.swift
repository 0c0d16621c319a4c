import Foundation
import OCREngine
import SkillKit

/// Fetches an image by URL through the host's HTTP client: http(s) only, size-capped, with a timeout.
struct ImageFetcher: Sendable {
    var maxBytes: Int
    var timeout: Duration

    func fetch(_ url: String, context: SkillContext) async throws -> [UInt8] {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false else {
            throw SkillError(.invalidInput, "url must be an http or https URL; got '\(url.prefix(200))'")
        }
        let response = try await context.http(HostHTTPRequest(method: "GET", url: url, headers: ["Accept": "image/*"], timeout: timeout))
        guard (200..<300).contains(response.status) else {
            throw SkillError(response.status >= 500 ? .unavailable : .invalidInput, "fetching the image from \(url.prefix(200)) answered HTTP \(response.status)")
        }
        guard response.body.count <= maxBytes else {
            throw SkillError(.invalidInput, "the image at \(url.prefix(200)) is \(response.body.count) bytes, over the limit of \(maxBytes) bytes (ocr_max_bytes)")
        }
        return response.body
    }
}
