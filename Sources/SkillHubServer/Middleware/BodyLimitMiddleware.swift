import Hummingbird
import SkillHubCore

/// Enforces `SKILLHUB_MAX_BODY_BYTES` (and `SKILLHUB_MAX_UPLOAD_BYTES` for document uploads):
/// a declared `Content-Length` over the limit is refused before the body is read; a streamed
/// body is cut off at the limit when a route collects it.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let maxBodyBytes: Int
    let maxUploadBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = Self.isDocumentUpload(request) ? max(maxBodyBytes, maxUploadBytes) : maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw SkillHubError.bodyTooLarge(limit: limit)
        }
        var context = context
        context.maxUploadSize = limit
        return try await next(request, context)
    }

    /// `POST /api/v1/knowledge/collections/{collection}/documents`.
    static func isDocumentUpload(_ request: Request) -> Bool {
        guard request.method == .post else { return false }
        let path = request.uri.path
        return path.hasPrefix("/api/v1/knowledge/collections/") && path.hasSuffix("/documents")
    }
}

extension SkillHubError {
    static func bodyTooLarge(limit: Int) -> SkillHubError {
        SkillHubError(.payloadTooLarge, "request body exceeds the limit of \(limit) bytes", details: ["limit_bytes": .number(Double(limit))])
    }
}
