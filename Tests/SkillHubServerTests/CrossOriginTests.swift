import HTTPTypes
import HummingbirdTesting
import SkillHubCore
import Testing

@testable import SkillHubServer

/// CORS (`CORS_ALLOW_*`, `ALLOWED_ORIGINS`) through the whole application: preflights answered
/// before authentication, lists and `*`, credentials echoing the origin.
@Suite("CORS")
struct CrossOriginTests {
    static let preflight: HTTPFields = [
        .origin: "https://app.example.com", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "authorization, content-type",
    ]

    @Test func offUnlessConfigured() async throws {
        let app = try await TestApplication.make()
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://app.example.com"])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            // No preflight handling either: OPTIONS is not a method of the route.
            #expect(try await client.execute(uri: "/api/v1/skills", method: .options, headers: Self.preflight).status != .noContent)
        }
    }

    @Test func aListAnswersPreflightsBeforeAuthentication() async throws {
        let app = try await TestApplication.make(environment: [
            "ALLOWED_ORIGINS": #"["https://app.example.com", "http://localhost:3000"]"#,
            "CORS_ALLOW_METHODS": "GET,POST,PUT,DELETE,OPTIONS",
        ])
        try await app.test(.live) { client in
            // /api/v1/skills needs credentials; the preflight carries none and still gets its 204.
            let preflight = try await client.execute(uri: "/api/v1/skills", method: .options, headers: Self.preflight)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://app.example.com")
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, POST, PUT, DELETE, OPTIONS")
            #expect(preflight.headers[.accessControlAllowHeaders] == "Authorization, Content-Type, X-API-Key, X-Request-Id")
            #expect(preflight.headers[.accessControlMaxAge] == "600")
            #expect(preflight.headers[.vary] == "Origin")
            #expect(preflight.headers[.accessControlAllowCredentials] == nil)

            // The real call: refused for want of credentials, with the CORS headers so the browser can read why.
            let call = try await client.execute(uri: "/api/v1/skills", method: .get, headers: [.origin: "https://app.example.com"])
            #expect(call.status == .unauthorized)
            #expect(call.headers[.accessControlAllowOrigin] == "https://app.example.com")
            #expect(call.headers[.accessControlExposeHeaders]?.contains("X-Request-Id") == true)

            // An origin not in the list: no Access-Control-Allow-Origin, so the browser refuses.
            var other = Self.preflight
            other[.origin] = "https://evil.example"
            let refused = try await client.execute(uri: "/api/v1/skills", method: .options, headers: other)
            #expect(refused.status == .noContent)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            #expect(refused.headers[.accessControlAllowMethods] == nil)
            let plain = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example"])
            #expect(plain.headers[.accessControlAllowOrigin] == nil)
            #expect(plain.headers[.vary] == "Origin")
        }
    }

    @Test func anyOriginWithoutCredentialsIsAStar() async throws {
        let app = try await TestApplication.make(environment: ["CORS_ALLOW_ORIGINS": "*", "CORS_ALLOW_HEADERS": "*"])
        try await app.test(.live) { client in
            let preflight = try await client.execute(uri: "/api/v1/skills", method: .options, headers: Self.preflight)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            // `*` does not cover Authorization: the requested headers are echoed.
            #expect(preflight.headers[.accessControlAllowHeaders] == "authorization, content-type")
            #expect(preflight.headers[.vary] == nil)
            let call = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://anywhere.example"])
            #expect(call.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test func anyOriginWithCredentialsEchoesTheOrigin() async throws {
        let app = try await TestApplication.make(environment: [
            "CORS_ALLOW_ORIGINS": "*", "CORS_ALLOW_CREDENTIALS": "true", "CORS_ALLOW_METHODS": "*",
        ])
        try await app.test(.live) { client in
            let preflight = try await client.execute(uri: "/api/v1/skills", method: .options, headers: Self.preflight)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://app.example.com")
            #expect(preflight.headers[.accessControlAllowCredentials] == "true")
            #expect(preflight.headers[.accessControlAllowMethods] == "POST")
            #expect(preflight.headers[.vary] == "Origin")
            let call = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://anywhere.example"])
            #expect(call.headers[.accessControlAllowOrigin] == "https://anywhere.example")
            #expect(call.headers[.accessControlAllowCredentials] == "true")
            #expect(call.headers[.vary] == "Origin")
            // Without an Origin header nothing changes.
            let noOrigin = try await client.execute(uri: "/health", method: .get)
            #expect(noOrigin.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
