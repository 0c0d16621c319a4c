import Foundation
import Hummingbird
import NIOCore
import SkillHubCore

/// Enforces `SKILLHUB_MAX_JSON_DEPTH`: a JSON request body (`Content-Type: application/json` or
/// `…+json`) nesting arrays and objects deeper than the limit is refused with 400 (1001) on the
/// field `body`, before any route decodes it. The body is collected (within the body limit) and
/// scanned once; routes read the collected copy.
struct JSONDepthMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let maxDepth: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isJSON(request) else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        if let depth = Self.depth(exceeding: maxDepth, in: body.readableBytesView) {
            throw SkillHubError.invalidField(
                "body", "nests arrays and objects deeper than \(maxDepth) levels (at least \(depth))",
                message: "the JSON body nests deeper than the limit of \(maxDepth) levels"
            )
        }
        return try await next(request, context)
    }

    static func isJSON(_ request: Request) -> Bool {
        guard request.method != .get, request.method != .head, let type = request.headers[.contentType]?.lowercased() else { return false }
        let mediaType = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json")
    }

    /// The depth reached when it goes past `limit`, else nil. Brackets inside strings do not count.
    static func depth(exceeding limit: Int, in bytes: some Collection<UInt8>) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return depth }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }
}
