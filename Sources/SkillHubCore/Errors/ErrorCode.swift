/// The stable error codes of SkillHub's error envelope.
///
/// Codes 1001–1008 are those of the Ooder AI Bridge protocol; the others cover
/// HTTP conditions that protocol does not name.
public enum ErrorCode: Int, Sendable, Codable, CaseIterable {
    /// A parameter, body or query value is invalid (400).
    case invalidParameter = 1001
    /// Missing, invalid or expired credentials (401).
    case unauthorized = 1002
    /// Authenticated but not allowed (403).
    case forbidden = 1003
    /// The skill does not exist (404).
    case skillNotFound = 1004
    /// The capability does not exist (404).
    case capabilityNotFound = 1005
    /// The resource already exists or is in a conflicting state (409).
    case conflict = 1006
    /// An unexpected server-side failure (500).
    case internalError = 1007
    /// A dependency or skill is unavailable (503).
    case serviceUnavailable = 1008
    /// The request body exceeds the configured limit (413).
    case payloadTooLarge = 1009
    /// Too many requests (429).
    case rateLimited = 1010
    /// A skill or dependency did not answer in time (504).
    case timeout = 1011
    /// No such route or resource (404).
    case notFound = 1012
    /// The HTTP method is not supported on this route (405).
    case methodNotAllowed = 1013
    /// A skill endpoint failed or answered something unusable (502).
    case badGateway = 1014
    /// The request headers exceed the configured limit (431).
    case headersTooLarge = 1015

    /// The HTTP status that goes with the code.
    public var httpStatus: Int {
        switch self {
        case .invalidParameter: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .skillNotFound, .capabilityNotFound, .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .payloadTooLarge: 413
        case .headersTooLarge: 431
        case .rateLimited: 429
        case .internalError: 500
        case .badGateway: 502
        case .serviceUnavailable: 503
        case .timeout: 504
        }
    }

    /// The code that best describes a bare HTTP status, for errors raised below SkillHub's own code.
    public init(httpStatus: Int) {
        switch httpStatus {
        case 401: self = .unauthorized
        case 403: self = .forbidden
        case 404: self = .notFound
        case 405: self = .methodNotAllowed
        case 409: self = .conflict
        case 413: self = .payloadTooLarge
        case 429: self = .rateLimited
        case 431: self = .headersTooLarge
        case 502: self = .badGateway
        case 503: self = .serviceUnavailable
        case 504: self = .timeout
        case 400..<500: self = .invalidParameter
        default: self = .internalError
        }
    }
}
