/// Why a call through ``EndpointHTTPClient`` failed.
public enum EndpointHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made (refused, unreachable, name not resolved, connect timeout), or the
    /// connection closed before a byte of the request was written: the endpoint never saw the request,
    /// so the caller may safely fail over.
    case connectFailed(String)
    /// The call did not finish within its timeout. The request may have reached the endpoint.
    case timedOut
    /// The connection dropped after the request was written and before any byte of the response.
    case closedBeforeResponse
    /// The connection dropped after part of the response had arrived.
    case closedDuringResponse
    /// The response body exceeded the given limit in bytes.
    case responseTooLarge(Int)
    /// The endpoint answered something that is not HTTP/1.x.
    case invalidResponse(String)
    /// The client has been shut down.
    case shutDown

    /// Whether the endpoint certainly never saw the request (safe to send elsewhere, even when not idempotent).
    public var requestNeverSent: Bool {
        switch self {
        case .connectFailed, .shutDown: true
        case .timedOut, .closedBeforeResponse, .closedDuringResponse, .responseTooLarge, .invalidResponse: false
        }
    }

    public var description: String {
        switch self {
        case .connectFailed(let reason): "could not connect to the endpoint: \(reason)"
        case .timedOut: "the endpoint did not answer within the timeout"
        case .closedBeforeResponse: "the endpoint closed the connection before answering"
        case .closedDuringResponse: "the endpoint closed the connection in the middle of its answer"
        case .responseTooLarge(let limit): "the endpoint's answer is larger than the limit of \(limit) bytes"
        case .invalidResponse(let reason): "the endpoint answered something that is not valid HTTP/1.1: \(reason)"
        case .shutDown: "the HTTP client has been shut down"
        }
    }
}
