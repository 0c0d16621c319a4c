import NIOConcurrencyHelpers
import NIOSSL
import SkillHubCore

/// The TLS context new connections are served with, read from `SSL_CERT_FILE` and `SSL_KEY_FILE`
/// and replaced by ``reload()`` (on `SIGHUP`): connections already open keep the context they
/// started with, new ones get the new certificate.
public final class ServerTLSContext: Sendable {
    /// A certificate or key that could not be read or used, naming the variable and the file.
    public struct LoadingError: Error, CustomStringConvertible {
        public let description: String
    }

    public let settings: ServerTLSSettings
    private let current: NIOLockedValueBox<NIOSSLContext>

    /// Reads the certificate chain and key: at start-up, before any event loop serves.
    public init(settings: ServerTLSSettings) throws(LoadingError) {
        self.settings = settings
        self.current = NIOLockedValueBox(try Self.load(settings))
    }

    /// The context for a new connection.
    var sslContext: NIOSSLContext {
        current.withLockedValue { $0 }
    }

    /// Reads the files again and uses them for new connections; on failure the previous
    /// certificate stays in use. Reads files: call it off the event loops.
    public func reload() throws(LoadingError) {
        let context = try Self.load(settings)
        current.withLockedValue { $0 = context }
    }

    /// The protocols offered through ALPN: `h2` first when HTTP/2 is on.
    static func applicationProtocols(http2: Bool) -> [String] {
        http2 ? ["h2", "http/1.1"] : ["http/1.1"]
    }

    private static func load(_ settings: ServerTLSSettings) throws(LoadingError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(settings.certificateFile)
        } catch {
            throw LoadingError(description: "SSL_CERT_FILE: cannot read a PEM certificate from \(settings.certificateFile): \(error)")
        }
        guard !chain.isEmpty else {
            throw LoadingError(description: "SSL_CERT_FILE: \(settings.certificateFile) holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: settings.privateKeyFile, format: .pem)
        } catch {
            throw LoadingError(description: "SSL_KEY_FILE: cannot read a PEM private key from \(settings.privateKeyFile): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.applicationProtocols = applicationProtocols(http2: settings.http2)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw LoadingError(
                description: "SSL_CERT_FILE/SSL_KEY_FILE: \(settings.certificateFile) and \(settings.privateKeyFile) do not make a usable TLS identity (does the key match the certificate?): \(error)"
            )
        }
    }
}
