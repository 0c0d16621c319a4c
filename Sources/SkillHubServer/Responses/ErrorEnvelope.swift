import Foundation
import Hummingbird
import SkillHubCore

/// The body of every error response: `{code, message, details, timestamp}`
/// plus the request id for support.
struct ErrorEnvelope: Encodable {
    var code: Int
    var message: String
    var details: JSONValue?
    var timestamp: Date
    var requestID: String

    enum CodingKeys: String, CodingKey {
        case code, message, details, timestamp
        case requestID = "request_id"
    }

    init(_ error: SkillHubError, requestID: String, at timestamp: Date = Date()) {
        self.code = error.code.rawValue
        self.message = error.message
        self.details = error.details
        self.timestamp = timestamp
        self.requestID = requestID
    }
}

extension SkillHubError {
    /// The error as an HTTP response in the envelope.
    func response(requestID: String) -> Response {
        let body = (try? JSONResponses.encoder.encode(ErrorEnvelope(self, requestID: requestID))) ?? []
        return JSONResponses.response(body: body, status: HTTPResponse.Status(code: code.httpStatus))
    }
}
