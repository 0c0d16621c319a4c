import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 (port chosen by the system) for tests and the benchmark.
/// What it answers depends on the request path: see ``TestHTTPServerHandler``.
public final class TestHTTPServer: Sendable {
    public let port: Int
    public let log: TestHTTPServerLog
    private let channel: any Channel

    private init(port: Int, log: TestHTTPServerLog, channel: any Channel) {
        self.port = port
        self.log = log
        self.channel = channel
    }

    /// Starts a server.
    /// - Parameters:
    ///   - idleCloseAfter: When set, a connection that has not received anything for this long is closed.
    ///   - keepingRequests: Whether the last request is kept for ``TestHTTPServerLog/lastRequest``.
    public static func start(
        group: any EventLoopGroup,
        idleCloseAfter: TimeAmount? = nil,
        keepingRequests: Bool = true
    ) async throws -> TestHTTPServer {
        let log = TestHTTPServerLog()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                log.accepted()
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let idleCloseAfter {
                        try pipeline.addHandler(IdleStateHandler(readTimeout: idleCloseAfter))
                    }
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(TestHTTPServerHandler(log: log, keepingRequests: keepingRequests))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return TestHTTPServer(port: port, log: log, channel: channel)
    }

    /// A URL on this server.
    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Stops accepting connections (open ones stay until their peer or the group closes them).
    public func stop() async {
        try? await channel.close()
    }
}
