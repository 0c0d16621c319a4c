import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL
import SkillHubCore
import Testing

@testable import SkillHubServer

/// `USE_SSL`: the server over HTTPS with a self-signed certificate made here by `openssl`,
/// HTTP/2 through ALPN and HTTP/1.1 beside it, and a certificate reload served to new connections.
@Suite("HTTPS")
struct HTTPSTests {
    /// A self-signed certificate for `localhost` and its key, in a folder of their own.
    struct Identity {
        let certificate: String
        let key: String

        static func make(in folder: URL, name: String) throws -> Identity {
            let identity = Identity(certificate: folder.appendingPathComponent("\(name).crt").path, key: folder.appendingPathComponent("\(name).key").path)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", identity.key, "-out", identity.certificate,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
            return identity
        }
    }

    /// Serves `/hello` over TLS from `tls`; returns the port and the task to cancel.
    func serve(_ tls: ServerTLSContext) async throws -> (port: Int, task: Task<Void, any Error>) {
        let router = Router(context: SkillHubRequestContext.self)
        router.get("/hello") { _, _ in "hello over TLS" }
        let listening = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: SkillHubApplication.server(tls: tls, webSockets: WebSocketRoutes(), configuration: .init(maxFrameSize: 1 << 16)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in listening.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "https-test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await bound in listening.stream {
            port = bound
            break
        }
        return (port, task)
    }

    /// A client that trusts only `identity`'s certificate, speaking HTTP/2 when `http2`.
    func client(trusting identity: Identity, http2: Bool = true) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(identity.certificate))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = http2 ? .automatic : .http1Only
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func get(_ client: HTTPClient, port: Int) async throws -> (status: UInt, majorVersion: Int, body: String) {
        let response = try await client.execute(HTTPClientRequest(url: "https://localhost:\(port)/hello"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        return (response.status.code, response.version.major, String(buffer: body))
    }

    @Test func servesHTTP2AndHTTP1OverTLSAndReloadsTheCertificate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-https-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Identity.make(in: folder, name: "first")
        let settings = ServerTLSSettings(certificateFile: folder.appendingPathComponent("server.crt").path, privateKeyFile: folder.appendingPathComponent("server.key").path)
        try FileManager.default.copyItem(atPath: first.certificate, toPath: settings.certificateFile)
        try FileManager.default.copyItem(atPath: first.key, toPath: settings.privateKeyFile)

        let tls = try ServerTLSContext(settings: settings)
        let (port, task) = try await serve(tls)
        defer { task.cancel() }

        let http2Client = try client(trusting: first)
        let answer = try await get(http2Client, port: port)
        #expect(answer.status == 200)
        #expect(answer.body == "hello over TLS")
        #expect(answer.majorVersion == 2)
        try await http2Client.shutdown()

        let http1Client = try client(trusting: first, http2: false)
        let http1Answer = try await get(http1Client, port: port)
        #expect(http1Answer.status == 200)
        #expect(http1Answer.majorVersion == 1)
        try await http1Client.shutdown()

        // A new certificate in the same files: after the reload (what SIGHUP triggers) new
        // connections get it; a client that trusts only the old one is refused.
        let second = try Identity.make(in: folder, name: "second")
        try FileManager.default.removeItem(atPath: settings.certificateFile)
        try FileManager.default.removeItem(atPath: settings.privateKeyFile)
        try FileManager.default.copyItem(atPath: second.certificate, toPath: settings.certificateFile)
        try FileManager.default.copyItem(atPath: second.key, toPath: settings.privateKeyFile)
        try tls.reload()

        let newClient = try client(trusting: second)
        #expect(try await get(newClient, port: port).status == 200)
        try await newClient.shutdown()
        let oldClient = try client(trusting: first)
        await #expect(throws: (any Error).self) { _ = try await get(oldClient, port: port) }
        try await oldClient.shutdown()
    }

    @Test func badFilesFailAtStartUpNamingTheVariable() throws {
        let missing = ServerTLSSettings(certificateFile: "/nonexistent/cert.pem", privateKeyFile: "/nonexistent/key.pem")
        #expect { try ServerTLSContext(settings: missing) } throws: { error in
            "\(error)".hasPrefix("SSL_CERT_FILE: cannot read a PEM certificate from /nonexistent/cert.pem")
        }
    }

    @Test func aFailedReloadKeepsTheCertificateInUse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-https-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let identity = try Identity.make(in: folder, name: "only")
        let tls = try ServerTLSContext(settings: ServerTLSSettings(certificateFile: identity.certificate, privateKeyFile: identity.key))
        let before = ObjectIdentifier(tls.sslContext)
        try "not a key".write(toFile: identity.key, atomically: true, encoding: .utf8)
        #expect { try tls.reload() } throws: { "\($0)".hasPrefix("SSL_KEY_FILE:") }
        #expect(ObjectIdentifier(tls.sslContext) == before)
    }
}
