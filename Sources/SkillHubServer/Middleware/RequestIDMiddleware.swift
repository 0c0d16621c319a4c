import Foundation
import HTTPTypes
import Hummingbird

/// Gives every request an id: the client's `X-Request-Id` when it is a short
/// token of safe characters, else a new UUID. The id goes into the logger's
/// metadata (replacing Hummingbird's own) and back in the response header.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = request.headers[Self.header].flatMap(Self.acceptable) ?? UUID().uuidString.lowercased()
        context.requestID = requestID
        context.logger[metadataKey: "hb.request.id"] = "\(requestID)"
        var response = try await next(request, context)
        response.headers[Self.header] = requestID
        return response
    }

    static func acceptable(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        else { return nil }
        return value
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
}
