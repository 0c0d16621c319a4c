extension SkillHubConfiguration {
    /// The summary lines of the logging, CORS and TLS settings, then ``routingSummary``.
    var operatorSummary: [(name: String, value: String)] {
        var lines: [(name: String, value: String)] = [
            ("LOG_FORMAT", logging.format.rawValue),
            ("LOG_DIR", logging.filePath.map { "\($0) (rotated at \(logging.maxFileBytes) bytes, \(logging.backups) kept)" } ?? "(not set: standard error)"),
        ]
        if let cors {
            let origins: String
            switch cors.origins {
            case .any: origins = cors.allowCredentials ? "* (the caller's origin echoed: credentials allowed)" : "*"
            case .list(let list): origins = list.joined(separator: ",")
            }
            lines += [
                ("CORS_ALLOW_ORIGINS", origins),
                ("CORS_ALLOW_METHODS", cors.methods.joined(separator: ",")),
                ("CORS_ALLOW_HEADERS", cors.headers.joined(separator: ",")),
                ("CORS_ALLOW_CREDENTIALS", String(cors.allowCredentials)),
            ]
        } else {
            lines.append(("CORS_ALLOW_ORIGINS", "(not set: CORS off)"))
        }
        if let tls {
            lines += [
                ("USE_SSL", "true"),
                ("SSL_CERT_FILE", tls.certificateFile),
                ("SSL_KEY_FILE", tls.privateKeyFile),
                ("SKILLHUB_HTTP2", String(tls.http2)),
            ]
        } else {
            lines.append(("USE_SSL", "false (plain HTTP)"))
        }
        return lines + routingSummary
    }
}
