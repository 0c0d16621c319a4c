import Hummingbird
import SkillHubCore

/// Enforces `SKILLHUB_MAX_BODY_BYTES`: a declared `Content-Length` over the
/// limit is refused before the body is read; a streamed body is cut off at
/// the limit when a route collects it.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw SkillHubError.bodyTooLarge(limit: maxBodyBytes)
        }
        var context = context
        context.maxUploadSize = maxBodyBytes
        return try await next(request, context)
    }
}

extension SkillHubError {
    static func bodyTooLarge(limit: Int) -> SkillHubError {
        SkillHubError(.payloadTooLarge, "request body exceeds the limit of \(limit) bytes", details: ["limit_bytes": .number(Double(limit))])
    }
}
