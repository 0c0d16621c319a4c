import NIOCore
import NIOHTTP1

/// A complete answer of an endpoint.
public struct EndpointHTTPResponse: Sendable {
    /// The status code, such as 200.
    public var status: Int
    /// The response headers, as sent.
    public var headers: HTTPHeaders
    /// The whole response body (at most the limit given to the call).
    public var body: ByteBuffer
}
