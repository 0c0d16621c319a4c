import Hummingbird
import Logging

/// A Hummingbird server on 127.0.0.1 with a port of its own: what the fakes the tests talk to
/// (model providers, remote skills) run on.
struct LoopbackServer: Sendable {
    let port: Int
    /// Runs the server; cancel it to stop.
    let task: Task<Void, any Error>

    /// Starts serving `router`; returns once the port is known.
    static func start(_ router: Router<BasicRequestContext>, label: String) async -> LoopbackServer {
        let listening = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in listening.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await bound in listening.stream {
            port = bound
            break
        }
        return LoopbackServer(port: port, task: task)
    }
}
