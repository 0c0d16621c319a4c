import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

/// A test client that sends JSON with one caller's API key.
struct KeyedClient {
    let client: any TestClientProtocol
    let key: String

    static var apiKeyHeader: HTTPField.Name { HTTPField.Name("X-API-Key")! }

    func send(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [Self.apiKeyHeader: key]
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func get(_ uri: String) async throws -> TestResponse { try await send(.get, uri) }
    func post(_ uri: String, _ json: String? = nil) async throws -> TestResponse { try await send(.post, uri, json) }
    func put(_ uri: String, _ json: String) async throws -> TestResponse { try await send(.put, uri, json) }
    func delete(_ uri: String) async throws -> TestResponse { try await send(.delete, uri) }

    func as_(_ key: String) -> KeyedClient { KeyedClient(client: client, key: key) }
}

/// An account made for one test, with a key per role.
struct TestTenant {
    var accountID: String
    var adminKey: String
    var serviceKey: String
    var userKey: String

    static func create(with client: any TestClientProtocol, prefix: String = "acct") async throws -> TestTenant {
        let root = KeyedClient(client: client, key: TestApplication.rootKey)
        let accountID = TestStack.uniqueName(prefix)
        let created = try await root.post("/api/v1/admin/accounts", #"{"account_id": "\#(accountID)", "admin_user_id": "admin"}"#)
        let adminKey = try #require(try created.json()["result"]?["user_key"]?.stringValue)
        let admin = root.as_(adminKey)
        let service = try await admin.post("/api/v1/admin/accounts/\(accountID)/users", #"{"user_id": "svc", "role": "service"}"#)
        let user = try await admin.post("/api/v1/admin/accounts/\(accountID)/users", #"{"user_id": "ann", "role": "user"}"#)
        return TestTenant(
            accountID: accountID,
            adminKey: adminKey,
            serviceKey: try #require(try service.json()["result"]?["user_key"]?.stringValue),
            userKey: try #require(try user.json()["result"]?["user_key"]?.stringValue)
        )
    }
}

extension TestResponse {
    /// The body as a JSON value.
    func value() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
    }

    /// The `field` names of a 400's `details.fields`.
    func invalidFields() throws -> [String] {
        try value()["details"]?["fields"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
func eventually(within timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
