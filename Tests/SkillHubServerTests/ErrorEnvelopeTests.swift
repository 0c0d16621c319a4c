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
}
