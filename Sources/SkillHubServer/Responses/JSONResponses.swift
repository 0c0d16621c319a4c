import Hummingbird
import SkillHubCore

/// JSON encoding shared by every SkillHub response: ISO-8601 dates, sorted keys.
enum JSONResponses {
    /// Writes what Foundation's `JSONEncoder` (`.iso8601`, `.sortedKeys`, `.withoutEscapingSlashes`) would, about three times faster.
    static let encoder = JSONResponseEncoder()

    /// `value` as a JSON response with `status`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(body: try encoder.encode(value), status: status)
    }

    /// JSON text already written, as a response with `status`.
    static func response(body: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
