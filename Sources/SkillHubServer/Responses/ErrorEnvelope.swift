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
    /// The error as an HTTP response in the envelope; a 429 that says when to retry
    /// (`details.retry_after_seconds`) carries it as `Retry-After` too.
    func response(requestID: String) -> Response {
        let body = (try? JSONResponses.encoder.encode(ErrorEnvelope(self, requestID: requestID))) ?? []
        var response = JSONResponses.response(body: body, status: HTTPResponse.Status(code: code.httpStatus))
        if let seconds = retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }

    /// When to retry a 429, when it says (`details.retry_after_seconds`).
    var retryAfterSeconds: Int? {
        guard code == .rateLimited else { return nil }
        return details?["retry_after_seconds"]?.intValue
    }
}
