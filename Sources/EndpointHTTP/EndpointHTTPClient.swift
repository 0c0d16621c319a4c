import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A lean HTTP/1.1 client for plain `http://` endpoints: POSTs a small body, reads the whole answer,
/// keeps connections alive per origin (at most `maximumConnectionsPerOrigin` each).
///
/// No redirects, no decompression, no TLS, no retries but one: a reused idle connection found already
/// closed before anything was written is replaced transparently. Shut it down before its event loop group.
public final class EndpointHTTPClient: Sendable {
    private struct Origin: Hashable {
        var host: String
        var port: Int
    }

    private struct State {
        var pools: [Origin: OriginConnectionPool] = [:]
        var isShutDown = false
    }

    private let eventLoopGroup: any EventLoopGroup
    private let maximumConnectionsPerOrigin: Int
    private let connectTimeout: TimeAmount
    private let maximumIdleTime: TimeAmount
    private let state = NIOLockedValueBox(State())

    /// - Parameters:
    ///   - eventLoopGroup: A NIOPosix group (`MultiThreadedEventLoopGroup`); connections spread over its loops.
    ///   - maximumConnectionsPerOrigin: Open connections per (host, port); further calls queue.
    ///   - connectTimeout: Limit on making one connection (name resolution included).
    ///   - maximumIdleTime: An idle connection unused for longer is closed instead of reused, to stay clear of
    ///     servers that close idle connections (uvicorn and Node close after 5 s).
    public init(
        eventLoopGroup: any EventLoopGroup,
        maximumConnectionsPerOrigin: Int = 64,
        connectTimeout: TimeAmount = .seconds(2),
        maximumIdleTime: TimeAmount = .seconds(4)
    ) {
        self.eventLoopGroup = eventLoopGroup
        self.maximumConnectionsPerOrigin = max(1, maximumConnectionsPerOrigin)
        self.connectTimeout = connectTimeout
        self.maximumIdleTime = maximumIdleTime
    }

    /// POSTs `body` to `target` and returns the whole answer, whatever its status.
    ///
    /// `timeout` bounds the whole call: waiting for a free connection, connecting and the exchange.
    /// `Host` and `Content-Length` are set here (given ones are dropped, as is `Transfer-Encoding`).
    public func post(
        _ target: EndpointHTTPTarget,
        headers: HTTPHeaders,
        body: ByteBuffer,
        timeout: TimeAmount,
        maximumResponseBytes: Int
    ) async throws(EndpointHTTPError) -> EndpointHTTPResponse {
        guard timeout > .zero else { throw .timedOut }
        let deadline = NIODeadline.now() + timeout
        let pool = try pool(for: target)
        let request = HTTPExchangeHandler.Request(
            head: Self.requestHead(target, headers: headers, contentLength: body.readableBytes),
            body: body,
            deadline: deadline,
            maximumResponseBytes: maximumResponseBytes
        )
        // A reused connection found closed before the request was written is replaced (a few times at most).
        var attemptsLeft = 4
        while true {
            attemptsLeft -= 1
            let connection: PooledConnection
            let reused: Bool
            switch await pool.acquire(deadline: deadline) {
            case .failure(let error):
                throw error
            case .success(.connection(let idle)):
                connection = idle
                reused = true
            case .success(.connect):
                connection = try await connect(to: target, for: pool, deadline: deadline).get()
                reused = false
            }
            let outcome = await exchange(request, on: connection)
            pool.release(connection, reusable: outcome.reusable)
            switch outcome.result {
            case .success(let response):
                return response
            case .failure(.closedBeforeResponse) where !outcome.requestSent:
                if reused && attemptsLeft > 0 { continue }
                throw .connectFailed("the connection to \(target.hostHeader) closed before the request was sent")
            case .failure(let error):
                throw error
            }
        }
    }

    /// Closes the idle connections and fails queued calls; calls made afterwards fail with `.shutDown`.
    /// Calls in flight finish; their connections are closed when they do.
    public func shutdown() async {
        let pools = state.withLockedValue { state in
            state.isShutDown = true
            return Array(state.pools.values)
        }
        for pool in pools {
            for closed in pool.shutdown() {
                try? await closed.get()
            }
        }
    }

    /// Open connections, idle connections and queued calls for the origin of `target` (zero if never called).
    public func connectionCounts(for target: EndpointHTTPTarget) -> (open: Int, idle: Int, queued: Int) {
        let pool = state.withLockedValue { $0.pools[Origin(host: target.host, port: target.port)] }
        return pool?.counts ?? (0, 0, 0)
    }

    private func pool(for target: EndpointHTTPTarget) throws(EndpointHTTPError) -> OriginConnectionPool {
        let origin = Origin(host: target.host, port: target.port)
        let pool = state.withLockedValue { state -> OriginConnectionPool? in
            guard !state.isShutDown else { return nil }
            if let pool = state.pools[origin] { return pool }
            let pool = OriginConnectionPool(
                maximumConnections: maximumConnectionsPerOrigin,
                maximumIdleTime: maximumIdleTime,
                timerLoop: eventLoopGroup.any()
            )
            state.pools[origin] = pool
            return pool
        }
        guard let pool else { throw .shutDown }
        return pool
    }

    /// Runs one exchange on the connection's event loop.
    private func exchange(_ request: HTTPExchangeHandler.Request, on connection: PooledConnection) async -> HTTPExchangeHandler.Outcome {
        await withUnsafeContinuation { continuation in
            connection.channel.eventLoop.execute {
                connection.handler.value.start(request, completion: continuation)
            }
        }
    }

    /// Connects on a slot of `pool`, giving the slot back if that fails.
    private func connect(
        to target: EndpointHTTPTarget,
        for pool: OriginConnectionPool,
        deadline: NIODeadline
    ) async -> Result<PooledConnection, EndpointHTTPError> {
        let remaining = deadline - .now()
        guard remaining > .zero else {
            pool.connectFailed()
            return .failure(.timedOut)
        }
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoopGroup) else {
            pool.connectFailed()
            return .failure(.connectFailed("the event loop group is not a NIOPosix group"))
        }
        let cutByDeadline = remaining < connectTimeout
        let configured = bootstrap
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(cutByDeadline ? remaining : connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .fireError)
                    try pipeline.addHandler(HTTPExchangeHandler())
                }
            }
        let connected: EventLoopFuture<any Channel>
        if let address = try? SocketAddress(ipAddress: target.host, port: target.port) {
            connected = configured.connect(to: address)
        } else {
            connected = configured.connect(host: target.host, port: target.port)
        }
        do {
            let connection = try await connected.flatMapThrowing { channel in
                do {
                    let handler = try channel.pipeline.syncOperations.handler(type: HTTPExchangeHandler.self)
                    return PooledConnection(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
                } catch {
                    channel.close(promise: nil)
                    throw error
                }
            }.get()
            pool.opened(connection)
            return .success(connection)
        } catch {
            pool.connectFailed()
            if cutByDeadline, case ChannelError.connectTimeout = error { return .failure(.timedOut) }
            return .failure(.connectFailed(String(describing: error)))
        }
    }

    /// `POST target HTTP/1.1` with the given headers, `Host` and `Content-Length` set by the client.
    private static func requestHead(_ target: EndpointHTTPTarget, headers: HTTPHeaders, contentLength: Int) -> HTTPRequestHead {
        var all = headers
        all.replaceOrAdd(name: "Host", value: target.hostHeader)
        all.replaceOrAdd(name: "Content-Length", value: String(contentLength))
        all.remove(name: "Transfer-Encoding")
        return HTTPRequestHead(version: .http1_1, method: .POST, uri: target.requestTarget, headers: all)
    }
}
