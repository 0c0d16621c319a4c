import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// Reloads the TLS certificate and key (``ServerTLSContext/reload()``) on each `SIGHUP`, off the
/// event loops; a failed reload is logged and the certificate in use stays.
struct TLSReloadService: Service {
    let tls: ServerTLSContext
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                try await NIOThreadPool.singleton.runIfActive { [tls] in try tls.reload() }
                logger.notice("TLS certificate reloaded", metadata: ["file": "\(tls.settings.certificateFile)"])
            } catch {
                logger.error("TLS certificate not reloaded; the previous one stays in use", metadata: ["error": "\(error)"])
            }
        }
    }
}
