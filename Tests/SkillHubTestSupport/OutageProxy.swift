import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP relay on 127.0.0.1 in front of a server of the shared test stack (PostgreSQL), so one
/// test can take that server away from its own clients, for real at the socket level, without
/// stopping it for every other test: ``cutOff()`` closes every relayed connection and closes each
/// new one as it comes (as a stopped server's port does); ``restore()`` relays again.
public final class OutageProxy: Sendable {
    private struct State {
        var isCutOff = false
        var channels: [ObjectIdentifier: any Channel] = [:]
    }

    public let port: Int
    private let listener: any Channel
    private let state: NIOLockedValueBox<State>

    private init(port: Int, listener: any Channel, state: NIOLockedValueBox<State>) {
        self.port = port
        self.listener = listener
        self.state = state
    }

    /// Starts relaying connections to `host:port`.
    public static func start(to host: String, port upstreamPort: Int) async throws -> OutageProxy {
        let state = NIOLockedValueBox(State())
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                guard !state.withLockedValue({ $0.isCutOff }) else { return inbound.close() }
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.autoRead, value: false)
                    .connect(host: host, port: upstreamPort)
                    .flatMap { upstream in
                        guard !state.withLockedValue({ $0.isCutOff }) else {
                            upstream.close(promise: nil)
                            return inbound.close()
                        }
                        do {
                            try inbound.pipeline.syncOperations.addHandler(Relay(partner: upstream))
                            try upstream.pipeline.syncOperations.addHandler(Relay(partner: inbound))
                        } catch {
                            upstream.close(promise: nil)
                            return inbound.eventLoop.makeFailedFuture(error)
                        }
                        state.withLockedValue { state in
                            state.channels[ObjectIdentifier(inbound)] = inbound
                            state.channels[ObjectIdentifier(upstream)] = upstream
                        }
                        for channel in [inbound, upstream] {
                            channel.closeFuture.whenComplete { _ in
                                _ = state.withLockedValue { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
                            }
                        }
                        // Both ends read only now that each has somewhere to send what it reads.
                        return inbound.setOption(.autoRead, value: true).and(upstream.setOption(.autoRead, value: true)).map { _ in }
                    }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = listener.localAddress?.port else { throw ChannelError.inappropriateOperationForState }
        return OutageProxy(port: port, listener: listener, state: state)
    }

    /// Takes the server away: every relayed connection closed, new ones closed as they come.
    public func cutOff() async {
        let channels = state.withLockedValue { state in
            state.isCutOff = true
            return Array(state.channels.values)
        }
        for channel in channels { try? await channel.close() }
    }

    /// Brings the server back.
    public func restore() {
        state.withLockedValue { $0.isCutOff = false }
    }

    /// Stops relaying for good.
    public func shutdown() async {
        await cutOff()
        try? await listener.close()
    }
}

/// Copies what one side of a relayed connection reads to the other side.
private final class Relay: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let partner: any Channel

    init(partner: any Channel) {
        self.partner = partner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
