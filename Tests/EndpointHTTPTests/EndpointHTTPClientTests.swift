@testable import EndpointHTTP
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@Suite("EndpointHTTPClient against a local server")
struct EndpointHTTPClientTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func roundTripWithBodyAndHeaders() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: server.url("/echo?x=1")))
        let headers: HTTPHeaders = ["Content-Type": "application/json", "X-Custom": "abc", "content-length": "999", "Host": "wrong"]
        let response = try await client.post(target, headers: headers, body: ByteBuffer(string: #"{"a":1}"#), timeout: .seconds(5), maximumResponseBytes: 1 << 20)
        #expect(response.status == 200)
        #expect(String(buffer: response.body) == #"{"a":1}"#)
        let echoed = response.headers.first(name: "X-Echo-Custom")
        #expect(echoed == "abc")
        let request = try #require(server.log.lastRequest)
        #expect(request.head.method == .POST)
        #expect(request.head.uri == "/echo?x=1")
        #expect(request.head.version == .http1_1)
        #expect(request.head.headers["Host"] == ["127.0.0.1:\(server.port)"])
        #expect(request.head.headers["Content-Length"] == ["7"])
        #expect(request.head.headers["X-Custom"] == ["abc"])
        #expect(request.head.headers["Content-Type"] == ["application/json"])
        #expect(request.head.headers["Transfer-Encoding"].isEmpty)
        #expect(request.body == Array(#"{"a":1}"#.utf8))
        await client.shutdown()
        await server.stop()
    }

    @Test func emptyBodyRoundTrip() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        let response = try await client.post(target, headers: [:], body: ByteBuffer(), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(response.status == 200)
        #expect(response.body.readableBytes == 0)
        let request = try #require(server.log.lastRequest)
        #expect(request.head.headers["Content-Length"] == ["0"])
        await client.shutdown()
        await server.stop()
    }

    @Test func hostNameIsResolved() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: "http://localhost:\(server.port)/echo"))
        let response = try await client.post(target, headers: [:], body: ByteBuffer(string: "named"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: response.body) == "named")
        let request = try #require(server.log.lastRequest)
        #expect(request.head.headers["Host"] == ["localhost:\(server.port)"])
        await client.shutdown()
        await server.stop()
    }

    @Test func nonPositiveTimeoutSendsNothing() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(target, headers: [:], body: ByteBuffer(string: "x"), timeout: .zero, maximumResponseBytes: 1024)
        }
        #expect(error == .timedOut)
        #expect(server.log.requests == 0)
        await client.shutdown()
        await server.stop()
    }

    @Test func sequentialCallsShareOneConnection() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        for index in 0..<100 {
            let response = try await client.post(target, headers: [:], body: ByteBuffer(string: "call \(index)"), timeout: .seconds(5), maximumResponseBytes: 1024)
            #expect(String(buffer: response.body) == "call \(index)")
        }
        #expect(server.log.acceptedConnections == 1)
        #expect(server.log.requests == 100)
        let counts = client.connectionCounts(for: target)
        #expect(counts.open == 1)
        #expect(counts.idle == 1)
        await client.shutdown()
        await server.stop()
    }

    @Test func concurrentCallsStayWithinTheConnectionLimit() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group, maximumConnectionsPerOrigin: 4)
        let target = try #require(EndpointHTTPTarget(url: server.url("/delay/10")))
        let answers = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            for index in 0..<32 {
                tasks.addTask {
                    let response = try await client.post(target, headers: [:], body: ByteBuffer(string: "n\(index)"), timeout: .seconds(5), maximumResponseBytes: 1024)
                    return response.status == 200 && String(buffer: response.body) == "n\(index)"
                }
            }
            var correct = 0
            for try await ok in tasks where ok { correct += 1 }
            return correct
        }
        #expect(answers == 32)
        #expect(server.log.acceptedConnections <= 4)
        #expect(server.log.requests == 32)
        let counts = client.connectionCounts(for: target)
        #expect(counts.open <= 4)
        #expect(counts.queued == 0)
        await client.shutdown()
        await server.stop()
    }

    @Test func timeoutFailsTheCallAndTheNextOneWorks() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let slow = try #require(EndpointHTTPTarget(url: server.url("/delay/1500")))
        let started = ContinuousClock.now
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(slow, headers: [:], body: ByteBuffer(string: "x"), timeout: .milliseconds(100), maximumResponseBytes: 1024)
        }
        let elapsed = ContinuousClock.now - started
        #expect(error == .timedOut)
        #expect(elapsed < .milliseconds(1000))
        let fast = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        let response = try await client.post(fast, headers: [:], body: ByteBuffer(string: "after"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: response.body) == "after")
        #expect(server.log.acceptedConnections == 2)
        await client.shutdown()
        await server.stop()
    }

    @Test func refusedConnectionIsConnectFailed() async throws {
        // A port that was just free: bound by a server that then stopped.
        let server = try await TestHTTPServer.start(group: group)
        let port = server.port
        await server.stop()
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: "http://127.0.0.1:\(port)/echo"))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(target, headers: [:], body: ByteBuffer(string: "x"), timeout: .seconds(5), maximumResponseBytes: 1024)
        }
        let unwrapped = try #require(error)
        guard case .connectFailed(let reason) = unwrapped else {
            Issue.record("expected connectFailed, got \(unwrapped)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(unwrapped.requestNeverSent)
        // The failed connect gave its slot back.
        let counts = client.connectionCounts(for: target)
        #expect(counts.open == 0)
        await client.shutdown()
    }

    @Test func connectionCloseAnswerIsNotReused() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let closing = try #require(EndpointHTTPTarget(url: server.url("/close")))
        let echo = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        let first = try await client.post(closing, headers: [:], body: ByteBuffer(string: "1"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: first.body) == "1")
        let second = try await client.post(closing, headers: [:], body: ByteBuffer(string: "2"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: second.body) == "2")
        let third = try await client.post(echo, headers: [:], body: ByteBuffer(string: "3"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: third.body) == "3")
        #expect(server.log.acceptedConnections == 3)
        await client.shutdown()
        await server.stop()
    }

    @Test func http10AnswerWithoutKeepAliveIsNotReused() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let old = try #require(EndpointHTTPTarget(url: server.url("/http10")))
        let first = try await client.post(old, headers: [:], body: ByteBuffer(string: "1"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(first.status == 200)
        let second = try await client.post(old, headers: [:], body: ByteBuffer(string: "2"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: second.body) == "2")
        #expect(server.log.acceptedConnections == 2)
        await client.shutdown()
        await server.stop()
    }

    @Test func serverClosingAnIdleConnectionIsHandled() async throws {
        let server = try await TestHTTPServer.start(group: group, idleCloseAfter: .milliseconds(50))
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        _ = try await client.post(target, headers: [:], body: ByteBuffer(string: "1"), timeout: .seconds(5), maximumResponseBytes: 1024)
        // Wait until the client has seen the server close the connection.
        try await waitUntil { client.connectionCounts(for: target).open == 0 }
        let idle = client.connectionCounts(for: target).idle
        #expect(idle == 0)
        let response = try await client.post(target, headers: [:], body: ByteBuffer(string: "2"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: response.body) == "2")
        #expect(server.log.acceptedConnections == 2)
        await client.shutdown()
        await server.stop()
    }

    @Test func connectionIdleTooLongIsReplaced() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group, maximumIdleTime: .milliseconds(30))
        let target = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        _ = try await client.post(target, headers: [:], body: ByteBuffer(string: "1"), timeout: .seconds(5), maximumResponseBytes: 1024)
        try await Task.sleep(for: .milliseconds(80))
        let response = try await client.post(target, headers: [:], body: ByteBuffer(string: "2"), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(String(buffer: response.body) == "2")
        #expect(server.log.acceptedConnections == 2)
        try await waitUntil { client.connectionCounts(for: target).open == 1 }
        await client.shutdown()
        await server.stop()
    }

    @Test func oversizedBodyIsRefused() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let big = try #require(EndpointHTTPTarget(url: server.url("/big/100000")))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(big, headers: [:], body: ByteBuffer(), timeout: .seconds(5), maximumResponseBytes: 1024)
        }
        #expect(error == .responseTooLarge(1024))
        let exact = try #require(EndpointHTTPTarget(url: server.url("/big/1024")))
        let response = try await client.post(exact, headers: [:], body: ByteBuffer(), timeout: .seconds(5), maximumResponseBytes: 1024)
        #expect(response.body.readableBytes == 1024)
        await client.shutdown()
        await server.stop()
    }

    @Test func closeWithoutAnswerIsClosedBeforeResponse() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let drop = try #require(EndpointHTTPTarget(url: server.url("/drop")))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(drop, headers: [:], body: ByteBuffer(string: "x"), timeout: .seconds(5), maximumResponseBytes: 1024)
        }
        #expect(error == .closedBeforeResponse)
        #expect(error?.requestNeverSent == false)
        await client.shutdown()
        await server.stop()
    }

    @Test func closeInTheMiddleOfTheAnswerIsClosedDuringResponse() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let partial = try #require(EndpointHTTPTarget(url: server.url("/partial")))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(partial, headers: [:], body: ByteBuffer(string: "x"), timeout: .seconds(5), maximumResponseBytes: 1 << 20)
        }
        #expect(error == .closedDuringResponse)
        await client.shutdown()
        await server.stop()
    }

    @Test func garbageIsInvalidResponse() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let garbage = try #require(EndpointHTTPTarget(url: server.url("/garbage")))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(garbage, headers: [:], body: ByteBuffer(string: "x"), timeout: .seconds(5), maximumResponseBytes: 1024)
        }
        guard case .invalidResponse = error else {
            Issue.record("expected invalidResponse, got \(String(describing: error))")
            return
        }
        await client.shutdown()
        await server.stop()
    }

    /// Found by FuzzEndpointResponse (Tests/Fuzz): NIO's parser takes any three digits as a status.
    @Test(arguments: ["050", "000", "600", "999"])
    func statusOutsideTheHTTPRangeIsInvalidResponse(status: String) async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group)
        let target = try #require(EndpointHTTPTarget(url: server.url("/status/\(status)")))
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(target, headers: [:], body: ByteBuffer(string: "x"), timeout: .seconds(5), maximumResponseBytes: 1024)
        }
        #expect(error == .invalidResponse("status \(Int(status) ?? -1) is outside 100...599"))
        await client.shutdown()
        await server.stop()
    }

    @Test func queuedCallTimesOutWhenNoConnectionFreesUp() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group, maximumConnectionsPerOrigin: 1)
        let slow = try #require(EndpointHTTPTarget(url: server.url("/delay/300")))
        let holder = Task { try await client.post(slow, headers: [:], body: ByteBuffer(string: "held"), timeout: .seconds(5), maximumResponseBytes: 1024) }
        try await waitUntil { client.connectionCounts(for: slow).open == 1 }
        let error = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(slow, headers: [:], body: ByteBuffer(string: "x"), timeout: .milliseconds(50), maximumResponseBytes: 1024)
        }
        #expect(error == .timedOut)
        let held = try await holder.value
        #expect(String(buffer: held.body) == "held")
        #expect(server.log.requests == 1)
        let counts = client.connectionCounts(for: slow)
        #expect(counts.queued == 0)
        await client.shutdown()
        await server.stop()
    }

    @Test func shutdownFailsQueuedAndLaterCalls() async throws {
        let server = try await TestHTTPServer.start(group: group)
        let client = EndpointHTTPClient(eventLoopGroup: group, maximumConnectionsPerOrigin: 1)
        let echo = try #require(EndpointHTTPTarget(url: server.url("/echo")))
        let slow = try #require(EndpointHTTPTarget(url: server.url("/delay/200")))
        _ = try await client.post(echo, headers: [:], body: ByteBuffer(string: "before"), timeout: .seconds(5), maximumResponseBytes: 1024)
        let holder = Task { try await client.post(slow, headers: [:], body: ByteBuffer(string: "held"), timeout: .seconds(5), maximumResponseBytes: 1024) }
        try await waitUntil { client.connectionCounts(for: echo).idle == 0 }
        let queued = Task { () async -> EndpointHTTPError? in
            await failure { () async throws(EndpointHTTPError) in
                _ = try await client.post(echo, headers: [:], body: ByteBuffer(string: "queued"), timeout: .seconds(5), maximumResponseBytes: 1024)
            }
        }
        try await waitUntil { client.connectionCounts(for: echo).queued == 1 }
        await client.shutdown()
        let queuedError = await queued.value
        #expect(queuedError == .shutDown)
        // The call in flight finishes; its connection is then closed.
        let held = try await holder.value
        #expect(String(buffer: held.body) == "held")
        try await waitUntil { client.connectionCounts(for: echo).open == 0 }
        let laterError = await failure { () async throws(EndpointHTTPError) in
            _ = try await client.post(echo, headers: [:], body: ByteBuffer(string: "after"), timeout: .seconds(5), maximumResponseBytes: 1024)
        }
        #expect(laterError == .shutDown)
        #expect(laterError?.requestNeverSent == true)
        await server.stop()
    }

    @Test func errorsDescribeThemselves() {
        let errors: [EndpointHTTPError] = [
            .connectFailed("refused"), .timedOut, .closedBeforeResponse, .closedDuringResponse,
            .responseTooLarge(10), .invalidResponse("bad"), .shutDown,
        ]
        let descriptions = Set(errors.map(\.description))
        #expect(descriptions.count == errors.count)
        let connect = EndpointHTTPError.connectFailed("refused").description
        #expect(connect.contains("refused"))
    }
}

/// The error `body` throws, or nil if it succeeds.
func failure(_ body: () async throws(EndpointHTTPError) -> Void) async -> EndpointHTTPError? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}

/// Polls `condition` every 5 ms for up to 2 s.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<400 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    Issue.record("condition not met within 2 s")
}
