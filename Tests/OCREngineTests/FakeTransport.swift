import SkillHubCore
import Foundation
import OCREngine
import Synchronization

/// A transport that records each request and answers with a canned response.
final class FakeTransport: Sendable {
    private let sent = Mutex<[HostHTTPRequest]>([])
    private let status: Int
    private let body: [UInt8]

    init(status: Int = 200, json: String) {
        self.status = status
        body = Array(json.utf8)
    }

    var requests: [HostHTTPRequest] { sent.withLock { $0 } }

    var transport: HostHTTPTransport {
        { request in
            self.sent.withLock { $0.append(request) }
            return HostHTTPResponse(status: self.status, body: self.body)
        }
    }
}

/// The JSON object in a request body.
func jsonObject(_ body: [UInt8]) throws -> [String: Any] {
    try (JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
}
