import Foundation
import Hummingbird
import SkillHubCore

/// JSON encoding shared by every SkillHub response: ISO-8601 dates, sorted keys.
enum JSONResponses {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as a JSON response with `status`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(body: try encoder.encode(value), status: status)
    }

    /// `value` as a JSON response with `status`, written directly (no Codable) with sorted keys.
    static func response(json value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        response(body: value.serialized(sortingKeys: true), status: status)
    }

    private static func response(body: some Sequence<UInt8>, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
