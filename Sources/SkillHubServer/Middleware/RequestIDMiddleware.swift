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
        let requestID = request.headers[Self.header].flatMap(Self.acceptable) ?? Self.newID()
        context.requestID = requestID
        context.logger[metadataKey: "hb.request.id"] = "\(requestID)"
        var response = try await next(request, context)
        response.headers[Self.header] = requestID
        return response
    }

    /// A random (version 4) UUID in lowercase. Foundation's `UUID()` opens
    /// `/dev/urandom` on every call; the system generator does not.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let (high, low) = (generator.next() as UInt64, generator.next() as UInt64)
        let bytes = withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) }
        let uuid = UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6] & 0x0F | 0x40, bytes[7],
            bytes[8] & 0x3F | 0x80, bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
        return uuid.lowercasedString
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
