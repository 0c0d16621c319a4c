/// HTTPS on SkillHub's own port: `USE_SSL`, `SSL_CERT_FILE`, `SSL_KEY_FILE` (the Ooder guide's
/// names) and `SKILLHUB_HTTP2`. The files are read at start-up and again on `SIGHUP`.
public struct ServerTLSSettings: Sendable, Equatable {
    /// The PEM certificate chain, the server's certificate first.
    public var certificateFile: String
    /// The PEM private key of the certificate.
    public var privateKeyFile: String
    /// Whether HTTP/2 is offered (ALPN `h2`) beside HTTP/1.1; WebSocket upgrades stay on HTTP/1.1.
    public var http2: Bool

    public init(certificateFile: String, privateKeyFile: String, http2: Bool = true) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.http2 = http2
    }
}

extension ServerTLSSettings {
    /// Reads the TLS variables: nil (plain HTTP) unless `USE_SSL` is true, and then both files are required.
    static func read(_ reader: inout EnvironmentReader, warnings: inout [String]) -> ServerTLSSettings? {
        let enabled = reader.boolean("USE_SSL", default: false)
        let certificate = reader.raw("SSL_CERT_FILE")
        let key = reader.raw("SSL_KEY_FILE")
        let http2 = reader.boolean("SKILLHUB_HTTP2", default: true)
        guard enabled else {
            if certificate != nil || key != nil {
                warnings.append("SSL_CERT_FILE and SSL_KEY_FILE are ignored: USE_SSL is not true, so SkillHub serves plain HTTP")
            }
            return nil
        }
        if certificate == nil { reader.report("SSL_CERT_FILE", "is required when USE_SSL is true; expected the path of a PEM certificate chain") }
        if key == nil { reader.report("SSL_KEY_FILE", "is required when USE_SSL is true; expected the path of the PEM private key") }
        guard let certificate, let key else { return nil }
        return ServerTLSSettings(certificateFile: certificate, privateKeyFile: key, http2: http2)
    }
}
