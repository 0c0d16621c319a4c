/// An outbound HTTP request of a remote provider; the plugin sends it through the host.
public struct OCRHTTPRequest: Sendable, Equatable {
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

/// The answer; any status is returned, a network failure is thrown.
public struct OCRHTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Sends one request.
public typealias OCRHTTPTransport = @Sendable (OCRHTTPRequest) async throws -> OCRHTTPResponse
