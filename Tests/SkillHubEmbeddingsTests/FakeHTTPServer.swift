import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request the fake received.
struct FakeRequest: Sendable {
    var method: String
    /// Path and query, as sent.
    var uri: String
    var headers: [(String, String)]
    var body: [UInt8]

    var path: String { String(uri.prefix { $0 != "?" }) }
    var query: String? { uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) } }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the fake answers.
struct FakeResponse: Sendable {
    var status: Int
    var body: [UInt8]
    var contentType = "application/json"
    /// Waits this long before answering.
    var delay: TimeAmount?

    static func json(_ text: String, status: Int = 200) -> FakeResponse {
        FakeResponse(status: status, body: Array(text.utf8))
    }
}

/// An HTTP/1.1 server on 127.0.0.1 (port chosen by the system) answering each request with `handler`, keeping every
/// request for the test to check: the fakes of the embedding services are handlers.
final class FakeHTTPServer: Sendable {
    typealias Handler = @Sendable (FakeRequest) -> FakeResponse

    let port: Int
    private let channel: any Channel
    private let received: NIOLockedValueBox<[FakeRequest]>

    private init(port: Int, channel: any Channel, received: NIOLockedValueBox<[FakeRequest]>) {
        self.port = port
        self.channel = channel
        self.received = received
    }

    static func start(_ handler: @escaping Handler) async throws -> FakeHTTPServer {
        let received = NIOLockedValueBox<[FakeRequest]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeHTTPHandler(handler: handler, received: received))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return FakeHTTPServer(port: port, channel: channel, received: received)
    }

    /// `http://127.0.0.1:PORT` and `path`.
    func url(_ path: String = "") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests received so far, in order.
    var requests: [FakeRequest] { received.withLockedValue { $0 } }

    func stop() async {
        try? await channel.close()
    }

    /// A loopback port nothing listens on (a server's, once stopped).
    static func closedPort() async throws -> Int {
        let server = try await start { _ in .json("{}") }
        await server.stop()
        return server.port
    }
}

private final class FakeHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: FakeHTTPServer.Handler
    private let received: NIOLockedValueBox<[FakeRequest]>
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping FakeHTTPServer.Handler, received: NIOLockedValueBox<[FakeRequest]>) {
        self.handler = handler
        self.received = received
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
            let request = FakeRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
            received.withLockedValue { $0.append(request) }
            let response = handler(request)
            if let delay = response.delay {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) { self.write(response, context: context) }
            } else {
                write(response, context: context)
            }
        }
    }

    private func write(_ response: FakeResponse, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }
}
