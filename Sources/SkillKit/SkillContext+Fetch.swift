import Foundation

/// A document fetched by URL through the host (``SkillContext/fetch(_:accept:maxBytes:timeout:what:)``).
public struct FetchedDocument: Sendable {
    public var body: [UInt8]
    /// The answer's `Content-Type`, if it had one.
    public var contentType: String?
    /// The last path component of the URL, for format detection by extension.
    public var fileName: String?
}

extension SkillContext {
    /// Fetches `url` with a `GET` through the host's HTTP client (so the host's allow-list,
    /// timeouts and size limits apply): http(s) URLs only, a 2xx answer of at most `maxBytes`.
    ///
    /// - Parameters:
    ///   - url: an absolute `http` or `https` URL.
    ///   - accept: the `Accept` header sent.
    ///   - maxBytes: the largest body taken.
    ///   - timeout: how long the host waits for the answer.
    ///   - what: what is fetched, for messages ("the image", "the document").
    /// - Returns: the body, its content type and the URL's file name.
    /// - Throws: ``SkillError/Status/invalidInput`` for a bad URL, a 4xx answer or a body over the
    ///   limit; ``SkillError/Status/unavailable`` for a 5xx answer or no answer.
    public func fetch(_ url: String, accept: String, maxBytes: Int, timeout: Duration, what: String) async throws -> FetchedDocument {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false else {
            throw SkillError(.invalidInput, "url must be an http or https URL; got '\(url.prefix(200))'")
        }
        let response = try await http(HostHTTPRequest(method: "GET", url: url, headers: ["Accept": accept], timeout: timeout))
        guard (200..<300).contains(response.status) else {
            throw SkillError(response.status >= 500 ? .unavailable : .invalidInput, "fetching \(what) from \(url.prefix(200)) answered HTTP \(response.status)")
        }
        guard response.body.count <= maxBytes else {
            throw SkillError(.invalidInput, "\(what) at \(url.prefix(200)) is \(response.body.count) bytes, over the limit of \(maxBytes) bytes")
        }
        let fileName = components.path.split(separator: "/").last.map(String.init)
        return FetchedDocument(body: response.body, contentType: response.headers["content-type"], fileName: fileName)
    }
}
