import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Tenancy administration (seed 000 shape)")
struct AdminRoutesTests {
    static let rootKey = TestApplication.rootKey
    let apiKey = HTTPField.Name("X-API-Key")!

    func makeApp() async throws -> some ApplicationProtocol {
        try await TestApplication.make()
    }

    func post(_ client: some TestClientProtocol, _ uri: String, key: String, _ json: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [apiKey: key, .contentType: "application/json"], body: ByteBuffer(string: json))
    }

    func get(_ client: some TestClientProtocol, _ uri: String, key: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [apiKey: key])
    }

    func delete(_ client: some TestClientProtocol, _ uri: String, key: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .delete, headers: [apiKey: key])
    }

    /// The `result` object of a seed-000 response.
    func result(_ response: TestResponse) throws -> [String: JSONValue] {
        guard case .object(let result) = try response.json()["result"] else { throw SkillHubError(.internalError, "no result in \(String(buffer: response.body))") }
        return result
    }

    func string(_ value: JSONValue?) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    func code(_ response: TestResponse) throws -> JSONValue? { try response.json()["code"] }

    @Test func rootCreatesAccountAdminAddsUsersAndKeysLiveAndDie() async throws {
        let account = TestStack.uniqueName("team")
        try await makeApp().test(.live) { client in
            let created = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "\#(account)", "admin_user_id": "admin"}"#)
            #expect(created.status == .created)
            #expect(try created.json()["status"] == "ok")
            let createdResult = try result(created)
            #expect(createdResult["account_id"] == .string(account))
            #expect(createdResult["admin_user_id"] == "admin")
            let adminKey = try #require(string(createdResult["user_key"]))
            #expect(adminKey.hasPrefix("shk_") && adminKey.count == 68)

            let alice = try await post(client, "/api/v1/admin/accounts/\(account)/users", key: adminKey, #"{"user_id": "alice", "role": "user"}"#)
            #expect(alice.status == .created)
            let aliceKey = try #require(string(try result(alice)["user_key"]))

            let users = try await get(client, "/api/v1/admin/accounts/\(account)/users", key: adminKey)
            #expect(users.status == .ok)
            guard case .array(let list) = try users.json()["result"] else {
                Issue.record("no user list")
                return
            }
            let userIDs: [String] = list.compactMap { if case .object(let user) = $0 { string(user["user_id"]) } else { nil } }
            #expect(userIDs == ["admin", "alice"])

            // A user manages its own keys but not the account.
            #expect(try await get(client, "/api/v1/admin/accounts/\(account)/users", key: aliceKey).status == .forbidden)
            let regenerated = try await post(client, "/api/v1/admin/accounts/\(account)/users/alice/keys", key: aliceKey, "{}")
            #expect(regenerated.status == .created)
            let newKey = try #require(string(try result(regenerated)["user_key"]))
            let newKeyID = try #require(string(try result(regenerated)["key_id"]))
            #expect(try await get(client, "/api/v1/admin/accounts/\(account)/users", key: aliceKey).status == .unauthorized)
            #expect(try await get(client, "/api/v1/admin/accounts/\(account)/users", key: newKey).status == .forbidden)

            // Revocation takes effect at once.
            #expect(try await delete(client, "/api/v1/admin/accounts/\(account)/users/alice/keys/\(newKeyID)", key: adminKey).status == .noContent)
            #expect(try await get(client, "/api/v1/admin/accounts/\(account)/users", key: newKey).status == .unauthorized)

            #expect(try await delete(client, "/api/v1/admin/accounts/\(account)/users/alice", key: adminKey).status == .noContent)
            #expect(try await delete(client, "/api/v1/admin/accounts/\(account)/users/alice", key: adminKey).status == .notFound)
        }
        let kinds = try await auditTrail(account: account)
        #expect(kinds == ["account.created", "api_key.issued", "user.created", "api_key.issued", "api_key.issued", "api_key.revoked", "user.deleted"])
    }

    @Test func credentialsAreRequiredAndChecked() async throws {
        let account = TestStack.uniqueName("iso")
        let other = TestStack.uniqueName("other")
        try await makeApp().test(.live) { client in
            let missing = try await client.execute(uri: "/api/v1/admin/accounts", method: .get)
            #expect(missing.status == .unauthorized)
            #expect(try code(missing) == .number(1002))
            let wrong = try await get(client, "/api/v1/admin/accounts", key: "shk_not-a-key")
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.json()["message"] == "invalid API key")

            let created = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "\#(account)", "admin_user_id": "boss"}"#)
            let adminKey = try #require(string(try result(created)["user_key"]))
            _ = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "\#(other)", "admin_user_id": "boss"}"#)

            let crossAccount = try await get(client, "/api/v1/admin/accounts/\(other)/users", key: adminKey)
            #expect(crossAccount.status == .forbidden)
            #expect(try code(crossAccount) == .number(1003))
            let notRoot = try await post(client, "/api/v1/admin/accounts", key: adminKey, #"{"account_id": "x\#(account)", "admin_user_id": "a"}"#)
            #expect(notRoot.status == .forbidden)

            let visible = try await get(client, "/api/v1/admin/accounts", key: adminKey)
            guard case .array(let accounts) = try visible.json()["result"] else {
                Issue.record("no account list")
                return
            }
            #expect(accounts.count == 1)
        }
    }

    @Test func badRequestsGetFieldLevelErrors() async throws {
        let account = TestStack.uniqueName("val")
        try await makeApp().test(.live) { client in
            let badID = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "-bad id", "admin_user_id": "a"}"#)
            #expect(badID.status == .badRequest)
            #expect(try badID.json()["details"] == ["fields": [["field": "account_id", "message": "must start with a letter or digit and contain only letters, digits and '_' '.' '-'"]]])

            let unknown = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "a", "admin_user_id": "a", "plan": "gold"}"#)
            #expect(unknown.status == .badRequest)
            #expect(try unknown.json()["details"] == ["fields": [["field": "plan", "message": "unknown field"]]])

            let missing = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "a"}"#)
            #expect(try missing.json()["details"] == ["fields": [["field": "admin_user_id", "message": "is required"]]])

            let notJSON = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, "account_id=a")
            #expect(notJSON.status == .badRequest)
            #expect(try code(notJSON) == .number(1001))

            let created = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "\#(account)", "admin_user_id": "a"}"#)
            #expect(created.status == .created)
            let duplicate = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "\#(account)", "admin_user_id": "a"}"#)
            #expect(duplicate.status == .conflict)
            #expect(try code(duplicate) == .number(1006))

            let badRole = try await post(client, "/api/v1/admin/accounts/\(account)/users", key: Self.rootKey, #"{"user_id": "bob", "role": "root"}"#)
            #expect(badRole.status == .badRequest)
            let noAccount = try await post(client, "/api/v1/admin/accounts/nope-\(account)/users", key: Self.rootKey, #"{"user_id": "bob"}"#)
            #expect(noAccount.status == .notFound)
            let badKeyID = try await delete(client, "/api/v1/admin/accounts/\(account)/users/a/keys/not-a-uuid", key: Self.rootKey)
            #expect(badKeyID.status == .badRequest)
        }
    }

    /// The kinds of events recorded for `account`, oldest first.
    func auditTrail(account: String) async throws -> [String] {
        try await TestStack.withDatabase(try TestStack.databaseURL()) { database in
            try await database.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT kind FROM events WHERE account_id = \(account) ORDER BY event_id",
                    logger: connection.logger
                )
                return try await rows.decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
        }
    }

    /// Issue 18: an account's admin could delete itself, the last admin, leaving the account to root alone.
    @Test func theLastAdministratorCannotBeRemoved() async throws {
        let account = TestStack.uniqueName("lastadmin")
        try await makeApp().test(.live) { client in
            let created = try await post(client, "/api/v1/admin/accounts", key: Self.rootKey, #"{"account_id": "\#(account)", "admin_user_id": "admin"}"#)
            let adminKey = try #require(string(try result(created)["user_key"]))
            for key in [adminKey, Self.rootKey] {
                let refused = try await delete(client, "/api/v1/admin/accounts/\(account)/users/admin", key: key)
                #expect(refused.status == .conflict)
                #expect(try code(refused) == 1006)
                #expect(try refused.json()["message"] == .string("user 'admin' is the last administrator of account '\(account)': add another admin before removing this one"))
            }
            #expect(try await get(client, "/api/v1/admin/accounts/\(account)/users", key: adminKey).status == .ok)

            // With a second administrator, either may go, but not both.
            let boss = try await post(client, "/api/v1/admin/accounts/\(account)/users", key: adminKey, #"{"user_id": "boss", "role": "admin"}"#)
            let bossKey = try #require(string(try result(boss)["user_key"]))
            #expect(try await delete(client, "/api/v1/admin/accounts/\(account)/users/admin", key: adminKey).status == .noContent)
            let last = try await delete(client, "/api/v1/admin/accounts/\(account)/users/boss", key: bossKey)
            #expect(last.status == .conflict)
            #expect(try await get(client, "/api/v1/admin/accounts/\(account)/users", key: bossKey).status == .ok)
        }
    }
}
