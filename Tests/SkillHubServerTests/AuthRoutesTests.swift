import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SkillHubCore
import Testing

@Suite("Token exchange and bearer authentication")
struct AuthRoutesTests {
    static let rootKey = TestApplication.rootKey
    let apiKeyHeader = HTTPField.Name("X-API-Key")!

    func makeApp() async throws -> some ApplicationProtocol {
        try await TestApplication.make()
    }

    func accessToken(_ response: TestResponse) throws -> String {
        guard case .string(let token) = try response.json()["access_token"] else { throw SkillHubError(.internalError, "no token") }
        return token
    }

    @Test func apiKeyIsExchangedForABearerToken() async throws {
        try await makeApp().test(.live) { client in
            let byHeader = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: Self.rootKey])
            #expect(byHeader.status == .ok)
            let body = try byHeader.json()
            #expect(body["token_type"] == "bearer")
            #expect(body["expires_in"] == 3600)
            #expect(body["scope"] == "skills:read skills:write skills:invoke skills:heartbeat admin knowledge:read knowledge:write")
            let token = try accessToken(byHeader)

            let byBody = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"api_key": "\#(Self.rootKey)"}"#)
            )
            #expect(byBody.status == .ok)

            let accounts = try await client.execute(uri: "/api/v1/admin/accounts", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(accounts.status == .ok)

            #expect(try await client.execute(uri: "/api/v1/auth/revoke", method: .post, headers: [.authorization: "Bearer \(token)"]).status == .noContent)
            let afterRevoke = try await client.execute(uri: "/api/v1/admin/accounts", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(afterRevoke.status == .unauthorized)
            #expect(try afterRevoke.json()["message"] == "invalid token")
        }
    }

    @Test func badCredentialsAre401InTheEnvelope() async throws {
        try await makeApp().test(.live) { client in
            let wrongKey = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: "shk_wrong"])
            #expect(wrongKey.status == .unauthorized)
            #expect(try wrongKey.json()["code"] == 1002)
            let noKey = try await client.execute(uri: "/api/v1/auth/token", method: .post)
            #expect(noKey.status == .unauthorized)
            // A bearer value shaped like a JWT is checked as a token, anything else as an API key.
            for (authorization, message) in [("Bearer garbage", "invalid API key"), ("Basic dXNlcjpwYXNz", "invalid token"), ("Bearer a.b.c", "invalid token")] {
                let response = try await client.execute(uri: "/api/v1/admin/accounts", method: .get, headers: [.authorization: authorization])
                #expect(response.status == .unauthorized)
                #expect(try response.json()["message"] == .string(message))
            }
        }
    }
}
