import Foundation
import SkillHubCore

/// An outbound HTTP request, as the ABI's `http` service receives it:
/// `{"method", "url", "headers", "body_base64", "timeout_ms"}`.
public struct PluginHTTPRequest: Sendable, Codable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]
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
        let encoded = try container.decodeIfPresent(String.self, forKey: .bodyBase64) ?? ""
        guard let body = Data(base64Encoded: encoded) else {
            throw DecodingError.dataCorruptedError(forKey: .bodyBase64, in: container, debugDescription: "body_base64 is not base64")
        }
        self.body = Array(body)
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

/// The answer to a ``PluginHTTPRequest``: `{"status", "headers", "body_base64"}`.
public struct PluginHTTPResponse: Sendable, Codable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    private enum CodingKeys: String, CodingKey {
        case status, headers, bodyBase64 = "body_base64"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(headers, forKey: .headers)
        try container.encode(Data(body).base64EncodedString(), forKey: .bodyBase64)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(Int.self, forKey: .status)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        body = Array(Data(base64Encoded: try container.decodeIfPresent(String.self, forKey: .bodyBase64) ?? "") ?? Data())
    }
}

/// A call of another skill, as the ABI's `invoke_skill` receives it:
/// `{"skill", "capability", "input", "session_id"}`.
public struct PluginSkillRequest: Sendable, Codable {
    public var skill: String
    public var capability: String?
    public var input: JSONValue
    public var sessionID: String?

    private enum CodingKeys: String, CodingKey {
        case skill, capability, input, sessionID = "session_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        skill = try container.decode(String.self, forKey: .skill)
        capability = try container.decodeIfPresent(String.self, forKey: .capability)
        input = try container.decodeIfPresent(JSONValue.self, forKey: .input) ?? [:]
        sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(skill, forKey: .skill)
        try container.encodeIfPresent(capability, forKey: .capability)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(sessionID, forKey: .sessionID)
    }
}
