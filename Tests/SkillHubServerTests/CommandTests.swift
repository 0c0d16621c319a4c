import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("Commands and executions (seed 004 spec shape)")
struct CommandTests {
    @Test func aSynchronousCommandAnswersWithItsResultAndIsRecorded() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let executed = try await user.post(
                "/api/v1/commands/execute",
                #"{"command_id": "cmd-1", "skill_id": "echo", "capability_id": "reverse", "parameters": {"text": "stressed"}, "metadata": {"trace": "x"}, "timeout": 5}"#
            )
            #expect(executed.status == .ok)
            let answer = try executed.value()
            #expect(answer["code"] == 200)
            #expect(answer["data"]?["status"] == "completed")
            #expect(answer["data"]?["command_id"] == "cmd-1")
            #expect(answer["data"]?["capability_id"] == "reverse")
            #expect(answer["data"]?["result"] == ["text": "desserts"])
            let executionID = try #require(answer["data"]?["execution_id"]?.stringValue)

            let stored = try await user.get("/api/v1/executions/\(executionID)").value()
            #expect(stored["data"]?["status"] == "completed")
            #expect(stored["data"]?["result"] == ["text": "desserts"])
            #expect(stored["data"]?["completed_at"]?.stringValue != nil)

            // Another account cannot see it.
            let other = try await TestTenant.create(with: client, prefix: "other")
            #expect(try await user.as_(other.userKey).get("/api/v1/executions/\(executionID)").status == .notFound)
            #expect(try await user.get("/api/v1/executions/not-an-id").status == .notFound)
        }
    }

    @Test func anAsynchronousCommandRunsInTheBackgroundAndCallsBack() async throws {
        let receiver = try await RemoteSkillServer.start(name: "receiver")
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let accepted = try await user.post(
                "/api/v1/commands/execute",
                #"{"skill_id": "echo-c", "parameters": {"n": 1}, "callback_url": "\#(receiver.url("/callback"))"}"#
            )
            #expect(accepted.status == .accepted)
            let executionID = try #require(try accepted.value()["data"]?["execution_id"]?.stringValue)
            #expect(accepted.headers[.location] == "/api/v1/executions/\(executionID)")

            #expect(try await eventually(within: .seconds(5)) { receiver.receivedCallbacks.count == 1 })
            let callback = try #require(receiver.receivedCallbacks.first)
            #expect(callback["execution_id"]?.stringValue == executionID)
            #expect(callback["status"] == "completed")
            #expect(callback["result"] == ["n": 1])
            #expect(try await eventually(within: .seconds(5)) {
                try await user.get("/api/v1/executions/\(executionID)").value()["data"]?["callback_status"] == "delivered"
            })
        }
        await receiver.stop()
    }

    @Test func callbacksAreSignedWithTheConfiguredSecret() async throws {
        let receiver = try await RemoteSkillServer.start(name: "receiver")
        let secret = "callback-secret-0123456789"
        try await TestApplication.make(environment: TestApplication.echoPlugins().merging(["SKILLHUB_CALLBACK_SECRET": secret]) { _, new in new }).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let accepted = try await user.post(
                "/api/v1/commands/execute", #"{"skill_id": "echo-c", "parameters": {"n": 2}, "callback_url": "\#(receiver.url("/callback"))"}"#
            )
            #expect(accepted.status == .accepted)
            #expect(try await eventually(within: .seconds(5)) { receiver.receivedCallbackRequests.count == 1 })
            let callback = try #require(receiver.receivedCallbackRequests.first)
            let timestamp = try #require(callback.headers[HTTPField.Name("X-SkillHub-Timestamp")!])
            let signature = try #require(callback.headers[HTTPField.Name("X-SkillHub-Signature")!])
            // As docs/api.md tells a receiver to check it: HMAC-SHA256 of "<timestamp>.<raw body>", hex, after "v1=".
            let expected = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + callback.body, using: SymmetricKey(data: Data(secret.utf8)))
            #expect(signature == "v1=" + expected.map { String(format: "%02x", $0) }.joined())
            #expect(abs(Double(timestamp).map { $0 - Date().timeIntervalSince1970 } ?? 1e9) < 60)
            let tampered = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + callback.body + [0x20], using: SymmetricKey(data: Data(secret.utf8)))
            #expect(signature != "v1=" + tampered.map { String(format: "%02x", $0) }.joined())
        }
        await receiver.stop()
    }

    @Test func aFailedCommandIsRecordedWithItsError() async throws {
        let server = try await RemoteSkillServer.start(name: "failing")
        try await TestApplication.make().test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let name = TestStack.uniqueName("failing")
            let skillID = try await DispatchTests.registerRemote(user.as_(tenant.serviceKey), name: name, endpoints: [(server.url("/fail"), 1)])
            let failed = try await user.post("/api/v1/commands/execute", #"{"skill_id": "\#(skillID)", "parameters": {}}"#)
            #expect(failed.status == .badGateway)
            let executionID = try #require(try failed.value()["details"]?["execution_id"]?.stringValue)
            let stored = try await user.get("/api/v1/executions/\(executionID)").value()
            #expect(stored["data"]?["status"] == "failed")
            #expect(stored["data"]?["error"]?["code"] == 1014)
        }
        await server.stop()
    }

    @Test func badCommandsAreRefusedBeforeAnExecutionExists() async throws {
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let badFields = try await user.post(
                "/api/v1/commands/execute",
                #"{"skill_id": "echo", "capability_id": "echo", "timeout": -1, "callback_url": "ftp://example.com/x", "metadata": 3}"#
            )
            #expect(badFields.status == .badRequest)
            #expect(try Set(badFields.invalidFields()) == ["timeout", "callback_url", "metadata"])
            let missing = try await user.post("/api/v1/commands/execute", #"{"capability_id": "echo"}"#)
            #expect(try missing.invalidFields() == ["skill_id"])
            let unknown = try await user.post("/api/v1/commands/execute", #"{"skill_id": "\#(TestStack.uniqueName("none"))"}"#)
            #expect(unknown.status == .notFound)
            #expect(try unknown.value()["code"] == 1004)
            let invalidInput = try await user.post("/api/v1/commands/execute", #"{"skill_id": "echo", "capability_id": "reverse", "parameters": {}}"#)
            #expect(try invalidInput.invalidFields() == ["parameters.text"])
        }
    }
}
