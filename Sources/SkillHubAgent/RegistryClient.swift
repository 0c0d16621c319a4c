import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkillHubCore

/// The skill-service side of SkillHub's HTTP API: exchanges an API key for a
/// token (renewed before it expires), registers, heartbeats, removes endpoints.
public actor RegistryClient {
    /// A reply that is not a success, with the registry's error envelope.
    public struct Failure: Error, CustomStringConvertible {
        public var status: Int
        public var code: Int?
        public var message: String
        public var description: String { "HTTP \(status)\(code.map { " (code \($0))" } ?? ""): \(message)" }

        /// A refusal that asking again will not change: a bad manifest (400), a bad key (401),
        /// no permission (403), a name and version another account holds (409).
        public var isPermanent: Bool { [400, 401, 403, 409].contains(status) }
    }

    let baseURL: String
    let apiKey: String
    let http: HTTPClient
    let timeout: TimeAmount
    private var token: (value: String, renewAt: ContinuousClock.Instant)?

    public init(baseURL: String, apiKey: String, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.http = http
        self.timeout = timeout
    }

    /// Sends a JSON request with a bearer token; returns the decoded body (null when empty).
    @discardableResult
    public func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        do {
            return try await perform(method, path, body: body, bearer: try await bearerToken())
        } catch let failure as Failure where failure.status == 401 {
            // The token may have been revoked or the registry's keys rotated: get a new one once.
            token = nil
            return try await perform(method, path, body: body, bearer: try await bearerToken())
        }
    }

    private func bearerToken() async throws -> String {
        if let token, ContinuousClock.now < token.renewAt { return token.value }
        var request = HTTPClientRequest(url: baseURL + "/api/v1/auth/token")
        request.method = .POST
        request.headers.add(name: "X-API-Key", value: apiKey)
        let reply = try await exchange(request)
        guard let value = reply["access_token"]?.stringValue else {
            throw Failure(status: 200, code: nil, message: "the token reply has no access_token")
        }
        let lifetime = reply["expires_in"]?.doubleValue ?? 300
        token = (value, ContinuousClock.now + .seconds(max(lifetime * 0.8, lifetime - 60)))
        return value
    }

    private func perform(_ method: HTTPMethod, _ path: String, body: JSONValue?, bearer: String) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        }
        return try await exchange(request)
    }

    private func exchange(_ request: HTTPClientRequest) async throws -> JSONValue {
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let value = bytes.readableBytes == 0 ? JSONValue.null : (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))) ?? .null
        guard (200..<300).contains(Int(response.status.code)) else {
            let message = value["message"]?.stringValue ?? response.status.reasonPhrase
            throw Failure(status: Int(response.status.code), code: value["code"]?.intValue, message: message)
        }
        return value
    }
}
