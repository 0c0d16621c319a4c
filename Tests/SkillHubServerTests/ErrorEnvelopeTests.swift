import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubServer
import Testing

@Suite("Error envelope")
struct ErrorEnvelopeTests {
    struct Greeting: Codable {
        var name: String
        var count: Int
    }

    func makeApp() async throws -> some ApplicationProtocol {
        try await TestApplication.make(environment: ["SKILLHUB_MAX_BODY_BYTES": "2048"]) { router in
            router.post("/test/echo") { request, context in
                let greeting = try await request.decode(as: Greeting.self, context: context)
                return "\(greeting.name) \(greeting.count)"
            }
            router.get("/test/crash") { _, _ -> String in
                struct Secret: Error { var password = "hunter2" }
                throw Secret()
            }
        }
    }

    func expectEnvelope(_ response: TestResponse, status: HTTPResponse.Status, code: ErrorCode, messageContains text: String) throws {
        #expect(response.status == status)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let body = try response.json()
        #expect(body["code"] == .number(Double(code.rawValue)))
        guard case .string(let message) = body["message"] else {
            Issue.record("no message in \(body)")
            return
        }
        #expect(message.contains(text), "\(message)")
        #expect(body["timestamp"] != nil)
        #expect(body["request_id"] != nil)
    }

    @Test func unknownRouteIs404InTheEnvelope() async throws {
        try await makeApp().test(.live) { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                try expectEnvelope(response, status: .notFound, code: .notFound, messageContains: "no route for GET /api/v1/nothing-here")
            }
        }
    }

    @Test func declaredOversizedBodyIs413() async throws {
        try await makeApp().test(.live) { client in
            let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: 4096)
            try await client.execute(uri: "/test/echo", method: .post, headers: [.contentType: "application/json"], body: body) { response in
                try expectEnvelope(response, status: .contentTooLarge, code: .payloadTooLarge, messageContains: "limit of 2048 bytes")
            }
        }
    }

    @Test func streamedOversizedBodyIs413() async throws {
        try await makeApp().test(.live) { client in
            let chunk = String(repeating: "x", count: 3000)
            let body = ByteBuffer(string: #"{"name":"\#(chunk)","count":1}"#)
            try await client.execute(
                uri: "/test/echo",
                method: .post,
                headers: [.contentType: "application/json", .transferEncoding: "chunked"],
                body: body
            ) { response in
                try expectEnvelope(response, status: .contentTooLarge, code: .payloadTooLarge, messageContains: "limit of 2048 bytes")
            }
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await makeApp().test(.live) { client in
            try await client.execute(uri: "/test/echo", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{\"name\": ")) { response in
                try expectEnvelope(response, status: .badRequest, code: .invalidParameter, messageContains: "malformed request")
            }
            try await client.execute(uri: "/test/echo", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"name": "x"}"#)) { response in
                try expectEnvelope(response, status: .badRequest, code: .invalidParameter, messageContains: "count")
            }
            try await client.execute(uri: "/test/echo", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"name": "x", "count": 2}"#)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "x 2")
            }
        }
    }

    @Test func unexpectedErrorsAre500WithoutInternals() async throws {
        try await makeApp().test(.live) { client in
            try await client.execute(uri: "/test/crash", method: .get) { response in
                try expectEnvelope(response, status: .internalServerError, code: .internalError, messageContains: "quote request id")
                #expect(!String(buffer: response.body).contains("hunter2"))
            }
        }
    }

    /// The `field` of each entry of a 400's `details.fields`; nil when there is no such list.
    func fieldNames(_ response: TestResponse) throws -> [String]? {
        guard case .array(let fields) = try response.json()["details"]?["fields"] else { return nil }
        return fields.compactMap { $0["field"]?.stringValue }
    }

    /// Issue 18: a 1001 answer (`ValidationError` in the spec) without the `details.fields` it requires.
    @Test func everyValidationErrorListsItsFields() async throws {
        try await makeApp().test(.live) { client in
            let json: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-API-Key")!: TestApplication.rootKey]
            for (uri, body) in [("/api/v1/skills", "{"), ("/api/v1/skills", "[1]"), ("/api/v1/skills/register", "\"text\""), ("/api/v1/auth/token", "{\"api_key\": "), ("/test/echo", "{\"name\": ")] {
                // The token route takes its key from the body when no X-API-Key is sent.
                let headers = uri == "/api/v1/auth/token" ? [.contentType: "application/json"] : json
                let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(uri) \(body)")
                #expect(try fieldNames(response) == ["body"], "\(uri) \(body): \(String(buffer: response.body))")
            }
            let revokeWithAKey = try await client.execute(uri: "/api/v1/auth/revoke", method: .post, headers: json)
            #expect(revokeWithAKey.status == .badRequest)
            #expect(try fieldNames(revokeWithAKey) == ["Authorization"])
        }
    }

    /// Issue 18: TRACE (and any method a served path does not declare) answered 404.
    @Test func anUndeclaredMethodOnAServedPathIs405WithAllow() async throws {
        try await makeApp().test(.live) { client in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (HTTPRequest.Method("TRACE")!, "/api/v1/skills", "GET, POST"),
                (.patch, "/health", "GET"),
                (.options, "/api/v1/skills/3f0c8f5e-0000-4000-8000-000000000000", "DELETE, GET, PUT"),
                (.get, "/api/v1/skills/register", "POST"),  // the literal segment wins over {skill_id}, as in the router
                (.head, "/ready", "GET"),
            ]
            for (method, uri, allowed) in cases {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.headers[.allow] == allowed, "\(method) \(uri)")
                if method != .head {
                    try expectEnvelope(response, status: .methodNotAllowed, code: .methodNotAllowed, messageContains: "allowed: \(allowed)")
                }
            }
            // No route on the path at all is still a 404, whatever the method.
            try await client.execute(uri: "/api/v1/nothing-here", method: HTTPRequest.Method("TRACE")!) { response in
                try expectEnvelope(response, status: .notFound, code: .notFound, messageContains: "no route for TRACE /api/v1/nothing-here")
            }
        }
    }
}
