import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

/// Seed 003's chat WebSocket, `/ws/{client_id}`, through the running server, against fake models.
@Suite("Chat WebSocket")
struct ChatSocketTests {
    @Test func answersStreamInTheClientsSessionAndBadFramesLeaveTheSocketOpen() async throws {
        let alpha = try await FakeChatModel.start(name: "alpha")
        let beta = try await FakeChatModel.start(name: "beta")
        defer { alpha.stop(); beta.stop() }
        try await TestApplication.make(environment: try ChatSkillTests.environment(alpha, beta)).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let port = try #require(client.port)
            try await ChatSocket.open(port: port, path: "/ws/client-1", headers: [KeyedClient.apiKeyHeader: key]) { socket in
                try await socket.send(#"{"type": "ping"}"#)
                #expect(try await socket.next()["type"] == "pong")

                // Plain text: start, the answer piece by piece, then the whole answer.
                try await socket.send("Hello, my name is Li")
                let frames = try await socket.untilEnd()
                #expect(frames.first?["type"] == "start")
                #expect(frames.first?["session_id"] == "client-1")
                let chunks = frames.filter { $0["type"] == "chunk" }
                #expect(chunks.count == 6, "\(frames)")  // "alpha:", " Hello,", " my", " name", " is", " Li"
                let complete = try #require(frames.last)
                #expect(complete["type"] == "complete")
                #expect(complete["content"] == "alpha: Hello, my name is Li")
                #expect(chunks.compactMap { $0["content"]?.stringValue }.joined() == "alpha: Hello, my name is Li")
                #expect(complete["model"] == "alpha")
                #expect(complete["message_id"] == frames.first?["message_id"])

                // JSON: the client's session remembers.
                try await socket.send(#"{"type": "message", "content": "What is my name?"}"#)
                #expect(try await socket.untilEnd().last?["content"] == "Your name is Li. alpha: What is my name?")

                // Bad frames are answered with an error frame; the socket stays open.
                for bad in ["   ", "{oops", #"{"type": "dance"}"#, #"{"content": 5}"#, #"{"content": "x", "session_id": 7}"#] {
                    let error = try await socket.sendAndRead(bad)
                    #expect(error["type"] == "error", "\(bad)")
                    #expect(error["code"] == "invalid_message", "\(bad)")
                    #expect(error["error_code"] == 1001)
                }
                try await socket.outbound.write(.binary(ByteBuffer(string: "bytes")))
                #expect(try await socket.next()["code"] == "invalid_message")
                // Longer than the chat skill's chat_max_message_chars: refused by the skill, as over HTTP.
                try await socket.send(String(repeating: "a", count: 32_001))
                let tooLong = try await socket.untilEnd()
                #expect(tooLong.last?["type"] == "error")
                #expect(tooLong.last?["code"] == "invalid_request")
                #expect(tooLong.last?["message"]?.stringValue?.contains("chat_max_message_chars") == true)

                // Another session, named by the message; the model of the message.
                try await socket.send(#"{"content": "my name is Wu", "session_id": "other-session", "model": "beta"}"#)
                let other = try await socket.untilEnd()
                #expect(other.first?["session_id"] == "other-session")
                #expect(other.last?["content"] == "beta: my name is Wu")
            }
            let user = KeyedClient(client: client, key: key)
            #expect(try await user.get("/api/v1/chat/sessions/client-1").value()["messages"]?.arrayValue?.count == 4)
            #expect(try await user.get("/api/v1/chat/sessions/other-session").value()["messages"]?.arrayValue?.count == 2)
        }
    }

    @Test func clientsAtOnceOneGenerationPerSocketAndCancellation() async throws {
        let slow = try await SlowChatModel.start(name: "slow", pause: .milliseconds(150))
        defer { slow.stop() }
        try await TestApplication.make(environment: try ChatSocketTests.environment(slow)).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let port = try #require(client.port)
            // Two clients at once, each answered in full.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in ["left", "right"] {
                    group.addTask {
                        try await ChatSocket.open(port: port, path: "/ws/\(name)?api_key=\(key)") { socket in
                            try await socket.send("hello from \(name)")
                            let frames = try await socket.untilEnd()
                            #expect(frames.last?["content"] == .string("slow: hello from \(name)"))
                            #expect(frames.last?["session_id"] == .string(name))
                        }
                    }
                }
                try await group.waitForAll()
            }

            try await ChatSocket.open(port: port, path: "/ws/busy", headers: [.authorization: "Bearer \(key)"]) { socket in
                // One generation at a time: a second message meanwhile is refused.
                try await socket.send("one two three four")
                #expect(try await socket.next()["type"] == "start")
                try await socket.send("another")
                let busy = try await socket.untilEnd()
                #expect(busy.last?["code"] == "busy", "\(busy)")
                #expect(busy.last?["error_code"] == 1006)
                #expect(try await socket.untilEnd().last?["content"] == "slow: one two three four")

                // cancel stops the generation: the model's stream is cut off.
                let cutOff = slow.snapshot.cutOff
                try await socket.send(Array(repeating: "word", count: 40).joined(separator: " "))
                #expect(try await socket.next()["type"] == "start")
                #expect(try await socket.next()["type"] == "chunk")
                try await socket.send(#"{"type": "cancel"}"#)
                #expect(try await socket.untilEnd().last?["type"] == "cancelled")
                #expect(try await eventually(within: .seconds(3)) { slow.snapshot.cutOff == cutOff + 1 })

                // The socket takes the next message.
                try await socket.send("after")
                #expect(try await socket.untilEnd().last?["content"] == "slow: after")
            }
        }
    }

    @Test(arguments: [false, true])
    func closingTheSocketMidAnswerClosesTheModelsRequest(isolated: Bool) async throws {
        let slow = try await SlowChatModel.start(name: "slow", pause: .milliseconds(200))
        defer { slow.stop() }
        // Isolated, the cancellation crosses the plugin-host socket twice: the invoke to the child, its model request back.
        let environment = try ChatSocketTests.environment(slow, isolated ? TestApplication.isolating("chat") : [:])
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let key = try await TestTenant.create(with: client).userKey
            let port = try #require(client.port)
            let started = ContinuousClock.now
            try await ChatSocket.open(port: port, path: "/ws/leaver?token=\(key)") { socket in
                // 40 words at 200 ms: 8 s to answer; the client leaves after the first piece.
                try await socket.send(Array(repeating: "word", count: 40).joined(separator: " "))
                #expect(try await socket.next()["type"] == "start")
                #expect(try await socket.next()["type"] == "chunk")
            }
            #expect(try await eventually(within: .seconds(3)) { slow.snapshot.cutOff == 1 && slow.snapshot.open == 0 })
            #expect(ContinuousClock.now - started < .seconds(6))
            #expect(slow.snapshot.finished == 0)
        }
    }

    @Test func theUpgradeAuthenticatesLikeAnyRoute() async throws {
        let alpha = try await FakeChatModel.start(name: "alpha")
        let beta = try await FakeChatModel.start(name: "beta")
        defer { alpha.stop(); beta.stop() }
        try await TestApplication.make(environment: try ChatSkillTests.environment(alpha, beta)).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let port = try #require(client.port)
            // No credentials, a bad key, a key without skills:invoke: refused before upgrading, in the envelope.
            let anonymous = try await ChatSocket.attemptUpgrade(port: port, "/ws/c-1")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.body?["code"] == 1002)
            let badKey = "shk_" + String(repeating: "0", count: 64)
            #expect(try await ChatSocket.attemptUpgrade(port: port, "/ws/c-1", [KeyedClient.apiKeyHeader: badKey]).status == .unauthorized)
            #expect(try await ChatSocket.attemptUpgrade(port: port, "/ws/c-1?api_key=nope").status == .unauthorized)
            let service = try await ChatSocket.attemptUpgrade(port: port, "/ws/c-1?api_key=\(tenant.serviceKey)")
            #expect(service.status == .forbidden)
            #expect(service.body?["code"] == 1003)
            let long = try await ChatSocket.attemptUpgrade(port: port, "/ws/" + String(repeating: "c", count: 129), [.authorization: "Bearer \(tenant.userKey)"])
            #expect(long.status == .badRequest)
            // Good credentials without an upgrade: told to upgrade.
            let plain = try await client.execute(uri: "/ws/c-1", method: .get, headers: [KeyedClient.apiKeyHeader: tenant.userKey])
            #expect(plain.status == .badRequest)
            #expect(try plain.value()["message"]?.stringValue?.contains("WebSocket") == true)

            // A WebSocket client without credentials cannot connect; with the key as ?token= it can.
            await #expect(throws: (any Error).self) {
                try await ChatSocket.open(port: port, path: "/ws/c-1") { _ in }
            }
            try await ChatSocket.open(port: port, path: "/ws/c-1?token=\(tenant.userKey)") { socket in
                let pong = try await socket.sendAndRead(#"{"type": "ping"}"#)
                #expect(pong["type"] == "pong")
            }
            // Other routes are unaffected by the WebSocket upgrade support, an upgrade to another protocol included.
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            let h2c = try await TestClient.withClient(host: "127.0.0.1", port: port) { own in
                try await own.get("/health", headers: [.upgrade: "h2c", .connection: "Upgrade, HTTP2-Settings", HTTPField.Name("HTTP2-Settings")!: ""])
            }
            #expect(h2c.status == .ok)
        }
    }

    /// The chat skill with one slow model.
    static func environment(_ slow: SlowChatModel, _ extra: [String: String] = [:]) throws -> [String: String] {
        try TestApplication.plugins("chat").merging(ModelSettings.openAI("slow", at: slow.baseURL)) { $1 }.merging(extra) { $1 }
    }
}

/// A WebSocket client of the test server, reading the server's frames as JSON.
struct ChatSocket {
    let outbound: WebSocketOutboundWriter
    private var inbound: WebSocketInboundMessageStream.AsyncIterator

    /// Connects to `path` on the test server and runs `body` on the socket (within 30 s); the socket
    /// closes when `body` returns.
    static func open(
        port: Int, path: String, headers: HTTPFields = [:], _ body: @escaping @Sendable (inout ChatSocket) async throws -> Void
    ) async throws {
        _ = try await withTimeout(.seconds(30), operation: "the socket session") {
            var logger = Logger(label: "ws-test")
            logger.logLevel = .critical
            return try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)\(path)", configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers), logger: logger
            ) { inbound, outbound, _ in
                var socket = ChatSocket(outbound: outbound, inbound: inbound.messages(maxSize: 1 << 20).makeAsyncIterator())
                try await body(&socket)
            }
        }
    }

    func send(_ text: String) async throws {
        try await outbound.write(.text(text))
    }

    /// The next frame, as JSON.
    mutating func next() async throws -> JSONValue {
        guard case .text(let text)? = try await inbound.next() else { throw SocketClosed() }
        return try JSONValue(parsing: Array(text.utf8))
    }

    mutating func sendAndRead(_ text: String) async throws -> JSONValue {
        try await send(text)
        return try await next()
    }

    /// The frames up to the end of an answer (`complete`, `cancelled` or `error`), that one included.
    mutating func untilEnd() async throws -> [JSONValue] {
        var frames: [JSONValue] = []
        while true {
            let frame = try await next()
            frames.append(frame)
            if ["complete", "cancelled", "error"].contains(frame["type"]?.stringValue ?? "") { return frames }
        }
    }

    struct SocketClosed: Error {}

    /// A WebSocket upgrade request on a connection of its own (the server closes it after a
    /// refusal): its status and JSON body.
    static func attemptUpgrade(port: Int, _ uri: String, _ headers: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, body: JSONValue?) {
        var upgrade: HTTPFields = [.upgrade: "websocket", .connection: "Upgrade", .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ==", .secWebSocketVersion: "13"]
        upgrade.append(contentsOf: headers)
        let fields = upgrade
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let response = try await client.get(uri, headers: fields)
            return (response.status, response.body.flatMap { try? JSONValue(parsing: Array(buffer: $0)) })
        }
    }
}
