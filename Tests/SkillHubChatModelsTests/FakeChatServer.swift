import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import SkillHubCore

/// A request the fake received.
struct FakeChatRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
}

/// What the fake answers: a status, then the body in parts, each written and flushed on its own (so the client
/// reads them in separate TCP reads), with pauses between them; `.die` closes the connection mid-answer.
struct FakeReply: Sendable {
    enum Part: Sendable {
        case bytes([UInt8])
        case pause(TimeAmount)
        /// Closes the connection without ending the body.
        case die
    }

    var status = 200
    var contentType = "application/json"
    /// Waits this long before the head.
    var headDelay: TimeAmount?
    var parts: [Part]

    static func json(_ value: JSONValue, status: Int = 200) -> FakeReply {
        FakeReply(status: status, parts: [.bytes(value.serialized())])
    }

    static func text(_ text: String, status: Int, contentType: String = "text/plain") -> FakeReply {
        FakeReply(status: status, contentType: contentType, parts: [.bytes(Array(text.utf8))])
    }
}

/// An HTTP/1.1 server on 127.0.0.1 answering each request with the handler's reply in chunked encoding, as OpenAI
/// and Ollama stream; it counts connections opened and closed (a cancelled client must close its connection).
final class FakeChatServer: Sendable {
    typealias Handler = @Sendable (FakeChatRequest) -> FakeReply

    let port: Int
    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    struct State {
        var requests: [FakeChatRequest] = []
        var opened = 0
        var closed = 0
    }

    private init(port: Int, channel: any Channel, state: NIOLockedValueBox<State>) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    static func start(_ handler: @escaping Handler) async throws -> FakeChatServer {
        let state = NIOLockedValueBox(State())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                    try channel.pipeline.syncOperations.addHandler(FakeChatHandler(handler: handler, state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return FakeChatServer(port: port, channel: channel, state: state)
    }

    func url(_ path: String = "") -> String { "http://127.0.0.1:\(port)\(path)" }

    var requests: [FakeChatRequest] { state.withLockedValue(\.requests) }
    var connectionsClosed: Int { state.withLockedValue(\.closed) }
    var connectionsOpen: Int { state.withLockedValue { $0.opened - $0.closed } }

    /// Waits up to `timeout` for `condition` to hold.
    func wait(for timeout: Duration = .seconds(5), until condition: @Sendable (FakeChatServer) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }

    func stop() async {
        try? await channel.close()
    }

    /// A loopback port nothing listens on.
    static func closedPort() async throws -> Int {
        let server = try await start { _ in .json([:]) }
        await server.stop()
        return server.port
    }
}

private final class FakeChatHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let handler: FakeChatServer.Handler
    private let state: NIOLockedValueBox<FakeChatServer.State>
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping FakeChatServer.Handler, state: NIOLockedValueBox<FakeChatServer.State>) {
        self.handler = handler
        self.state = state
    }

    func channelActive(context: ChannelHandlerContext) {
        state.withLockedValue { $0.opened += 1 }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.withLockedValue { $0.closed += 1 }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let chunk):
            body += chunk.readableBytesView
        case .end:
            guard let head else { return }
            let request = FakeChatRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
            state.withLockedValue { $0.requests.append(request) }
            let reply = handler(request)
            let loop = context.eventLoop.assumeIsolated()
            if let delay = reply.headDelay {
                loop.scheduleTask(in: delay) { self.writeHead(reply, context: context) }
            } else {
                writeHead(reply, context: context)
            }
        }
    }

    private func writeHead(_ reply: FakeReply, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let reason = HTTPResponseStatus(statusCode: reply.status).reasonPhrase
        let head = "HTTP/1.1 \(reply.status) \(reason)\r\nContent-Type: \(reply.contentType)\r\nTransfer-Encoding: chunked\r\n\r\n"
        write(Array(head.utf8), context: context)
        writeParts(reply.parts[...], context: context)
    }

    private func writeParts(_ parts: ArraySlice<FakeReply.Part>, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var parts = parts
        guard let part = parts.popFirst() else {
            write(Array("0\r\n\r\n".utf8), context: context)
            return
        }
        let loop = context.eventLoop.assumeIsolated()
        switch part {
        case .bytes(let bytes):
            write(Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10], context: context)
            // A short pause, so that each part arrives in a read of its own.
            loop.scheduleTask(in: .milliseconds(3)) { self.writeParts(parts, context: context) }
        case .pause(let time):
            loop.scheduleTask(in: time) { self.writeParts(parts, context: context) }
        case .die:
            context.close(promise: nil)
        }
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
    }
}
