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

    /// Issue 18: an invalid `X-API-Key` beside a valid bearer token was accepted. Both at once must be
    /// valid and name the same caller, whichever of them is the valid one.
    @Test func conflictingCredentialsFailClosed() async throws {
        try await makeApp().test(.live) { client in
            let tenant = try await TestTenant.create(with: client, prefix: "creds")
            let issued = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: Self.rootKey])
            let token = try accessToken(issued)
            let uri = "/api/v1/admin/accounts"
            let refused: [HTTPFields] = [
                [.authorization: "Bearer \(token)", apiKeyHeader: "shk_not_a_key"],  // valid token, invalid key
                [.authorization: "Bearer a.b.c", apiKeyHeader: Self.rootKey],  // invalid token, valid key
                [.authorization: "Bearer \(token)", apiKeyHeader: ""],  // an empty key is no key
                [.authorization: "Bearer \(token)", apiKeyHeader: tenant.userKey],  // both valid, different callers
                [.authorization: "Bearer \(Self.rootKey)", apiKeyHeader: "shk_not_a_key"],  // an API key as bearer, an invalid one beside it
            ]
            for headers in refused {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(response.status == .unauthorized, "\(headers)")
                #expect(try response.json()["code"] == 1002)
            }
            let conflicting = try await client.execute(uri: uri, method: .get, headers: refused[0])
            #expect(try conflicting.json()["message"]?.stringValue?.hasPrefix("conflicting credentials") == true)
            // The same caller both ways is accepted.
            for headers: HTTPFields in [[.authorization: "Bearer \(token)", apiKeyHeader: Self.rootKey], [.authorization: "Bearer \(Self.rootKey)", apiKeyHeader: Self.rootKey]] {
                #expect(try await client.execute(uri: uri, method: .get, headers: headers).status == .ok)
            }
        }
    }
}
