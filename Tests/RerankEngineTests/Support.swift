import Foundation
import RerankEngine
import SkillHubCore

/// A transport that records every request and answers with a canned response (or fails).
actor FakeTransport {
    private(set) var requests: [HostHTTPRequest] = []
    private let answer: @Sendable (HostHTTPRequest) throws -> HostHTTPResponse

    init(status: Int = 200, json: String) {
        answer = { _ in HostHTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(json.utf8)) }
    }

    init(failure: any Error) {
        answer = { _ in throw failure }
    }

    nonisolated var transport: HostHTTPTransport {
        { request in try await self.handle(request) }
    }

    private func handle(_ request: HostHTTPRequest) throws -> HostHTTPResponse {
        requests.append(request)
        return try answer(request)
    }

    /// The only request's body, decoded.
    func onlyBody() throws -> JSONValue {
        guard requests.count == 1, let request = requests.first else { throw TestFailure("expected one request, got \(requests.count)") }
        return try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Offline: Error, CustomStringConvertible {
    var description: String { "connection refused" }
}

/// A transport for engines that must never go out.
let noNetwork: HostHTTPTransport = { _ in throw Offline() }

/// Parses `json` into a JSONValue.
func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

/// An engine with the local provider.
func localEngine(_ extra: [String: JSONValue] = [:]) throws -> RerankEngine {
    try RerankEngine(configuration: extra, transport: noNetwork)
}
