import Foundation

/// An outbound HTTP request a plugin sends through its host (the host's
/// timeouts, size limit and allow-list apply). On the ABI it travels as JSON:
/// `{"method", "url", "headers", "body_base64", "timeout_ms"}`.
public struct HostHTTPRequest: Sendable, Equatable, Codable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]
    /// At most the host's own limit; the host's limit when nil.
    public var timeout: Duration?

    public init(method: String = "GET", url: String, headers: [String: String] = [:], body: [UInt8] = [], timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    private enum CodingKeys: String, CodingKey {
        case method, url, headers, bodyBase64 = "body_base64", timeoutMS = "timeout_ms"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decodeIfPresent(String.self, forKey: .method) ?? "GET"
        url = try container.decode(String.self, forKey: .url)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        body = try container.decodeBase64(forKey: .bodyBase64)
        timeout = try container.decodeIfPresent(Int64.self, forKey: .timeoutMS).map { .milliseconds($0) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(url, forKey: .url)
        try container.encode(headers, forKey: .headers)
        try container.encode(Data(body).base64EncodedString(), forKey: .bodyBase64)
        try container.encodeIfPresent(timeout.map { Int64($0.inMilliseconds.rounded(.up)) }, forKey: .timeoutMS)
    }
}

/// The answer to a ``HostHTTPRequest``, whatever its status (header names in
/// lowercase): `{"status", "headers", "body_base64"}` on the ABI.
public struct HostHTTPResponse: Sendable, Equatable, Codable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    private enum CodingKeys: String, CodingKey {
        case status, headers, bodyBase64 = "body_base64"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(Int.self, forKey: .status)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        body = try container.decodeBase64(forKey: .bodyBase64)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(headers, forKey: .headers)
        try container.encode(Data(body).base64EncodedString(), forKey: .bodyBase64)
    }
}

/// Sends one request; any HTTP status is an answer, no answer is thrown.
public typealias HostHTTPTransport = @Sendable (HostHTTPRequest) async throws -> HostHTTPResponse

extension KeyedDecodingContainer {
    /// Bytes sent as base64 (none when the key is absent).
    fileprivate func decodeBase64(forKey key: Key) throws -> [UInt8] {
        let encoded = try decodeIfPresent(String.self, forKey: key) ?? ""
        guard let data = Data(base64Encoded: encoded) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) is not base64")
        }
        return Array(data)
    }
}
