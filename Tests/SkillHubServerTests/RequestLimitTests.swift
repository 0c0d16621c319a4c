import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SkillHubCore
@testable import SkillHubServer
import SkillHubTestSupport
import Testing

@Suite("Request limits: headers, body, JSON depth, batch items")
struct RequestLimitTests {
    let apiKeyHeader = HTTPField.Name("X-API-Key")!

    @Test func oversizedHeadersAre431InTheEnvelope() async throws {
        let app = try await TestApplication.make(environment: ["SKILLHUB_MAX_HEADER_BYTES": "2048"])
        try await app.test(.live) { client in
            let padding = HTTPField.Name("X-Padding")!
            let response = try await client.execute(uri: "/health", method: .get, headers: [padding: String(repeating: "a", count: 3000)])
            #expect(response.status.code == 431)
            let body = try response.json()
            #expect(body["code"] == 1015)
            #expect(body["details"]?["limit_bytes"] == 2048)
            #expect(try await client.execute(uri: "/health", method: .get, headers: [padding: "small"]).status == .ok)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        let app = try await TestApplication.make(environment: ["SKILLHUB_MAX_BODY_BYTES": "2048"])
        try await app.test(.live) { client in
            let big = #"{"name": "\#(String(repeating: "x", count: 4000))", "version": "1.0.0"}"#
            let response = try await client.execute(
                uri: "/api/v1/skills/", method: .post, headers: [apiKeyHeader: TestApplication.rootKey, .contentType: "application/json"],
                body: ByteBuffer(string: big)
            )
            #expect(response.status == .contentTooLarge)
            #expect(try response.json()["code"] == 1009)
            #expect(try response.json()["details"]?["limit_bytes"] == 2048)
        }
    }

    @Test func deeplyNestedJSONIs400OnBody() async throws {
        let app = try await TestApplication.make(environment: ["SKILLHUB_MAX_JSON_DEPTH": "8"])
        try await app.test(.live) { client in
            let headers: HTTPFields = [apiKeyHeader: TestApplication.rootKey, .contentType: "application/json"]
            let deep = #"{"name": "deep", "version": "1.0.0", "metadata": {"a": \#(String(repeating: "[", count: 20))1\#(String(repeating: "]", count: 20))}}"#
            let refused = try await client.execute(uri: "/api/v1/skills/", method: .post, headers: headers, body: ByteBuffer(string: deep))
            #expect(refused.status == .badRequest)
            #expect(try refused.json()["code"] == 1001)
            #expect(try refused.invalidFields() == ["body"])
            // Brackets inside strings do not count, and shallow bodies go through to the route.
            let name = TestStack.uniqueName("shallow")
            let shallow = #"{"name": "\#(name)", "version": "1.0.0", "description": "[[[[[[[[[[[[[[[[[[[[", "metadata": {"a": [[1]]}}"#
            let created = try await client.execute(uri: "/api/v1/skills/", method: .post, headers: headers, body: ByteBuffer(string: shallow))
            #expect(created.status == .created)
        }
    }

    @Test func batchRoutesBoundTheirItems() async throws {
        try await TestApplication.make().test(.live) { client in
            let entries = Array(repeating: #"{"endpoint_id": "\#(UUID().uuidString.lowercased())"}"#, count: 10_001).joined(separator: ",")
            let response = try await client.execute(
                uri: "/api/v1/heartbeats", method: .post, headers: [apiKeyHeader: TestApplication.rootKey, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"heartbeats": [\#(entries)]}"#)
            )
            #expect(response.status == .badRequest)
            #expect(try response.json()["code"] == 1001)
            #expect(try response.invalidFields() == ["heartbeats"])
        }
    }

    @Test func depthScannerIgnoresStringsAndEscapes() {
        func depth(_ text: String, limit: Int) -> Int? { JSONDepthMiddleware.depth(exceeding: limit, in: Array(text.utf8)) }
        #expect(depth(#"{"a": "[[[[\"[[["}"#, limit: 2) == nil)
        #expect(depth("[[[1]]]", limit: 2) == 3)
        #expect(depth("[[1],[2]]", limit: 2) == nil)
    }
}
