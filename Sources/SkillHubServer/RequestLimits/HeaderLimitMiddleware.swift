import HTTPTypes
import Hummingbird
import SkillHubCore

/// Enforces `SKILLHUB_MAX_HEADER_BYTES`: a request whose header fields (names and values, with
/// `": "` and the line end of each) add up to more is refused with 431 (1015) in the envelope
/// before any route or credential check. Requests past the HTTP parser's own bound (80 KiB) never
/// reach SkillHub: the parser closes the connection with a bare 431/400.
struct HeaderLimitMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let maxHeaderBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let size = Self.headerBytes(request.headers)
        guard size <= maxHeaderBytes else {
            throw SkillHubError(
                .headersTooLarge,
                "request headers are \(size) bytes, over the limit of \(maxHeaderBytes) bytes",
                details: ["limit_bytes": .number(Double(maxHeaderBytes)), "header_bytes": .number(Double(size))]
            )
        }
        return try await next(request, context)
    }

    /// The size of `headers` as sent in HTTP/1.1: `name: value\r\n` for each field.
    static func headerBytes(_ headers: HTTPFields) -> Int {
        headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
    }
}
