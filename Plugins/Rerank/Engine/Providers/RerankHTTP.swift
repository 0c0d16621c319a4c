/// An outbound HTTP request; the plugin glue hands it to the host's HTTP client.
public struct RerankHTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]
    public var timeout: Duration

    public init(method: String, url: String, headers: [String: String], body: [UInt8], timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The answer to a ``RerankHTTPRequest``, whatever its status.
public struct RerankHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends a request and returns the response, non-2xx included; throws only when there is no response.
public typealias RerankTransport = @Sendable (RerankHTTPRequest) async throws -> RerankHTTPResponse
