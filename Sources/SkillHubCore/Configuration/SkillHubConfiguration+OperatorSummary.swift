extension SkillHubConfiguration {
    /// The summary lines of the logging, CORS, TLS and tracing settings, then ``routingSummary``.
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
        return lines + tracingSummary + routingSummary
    }
}

extension SkillHubConfiguration {
    /// The tracing lines: where spans go, with what (header values masked) and which are kept.
    var tracingSummary: [(name: String, value: String)] {
        guard let tracing else { return [("OTEL_EXPORTER_OTLP_ENDPOINT", "(not set: tracing off)")] }
        var sampler = tracing.sampler.name
        switch tracing.sampler {
        case .traceIDRatio(let ratio), .parentBased(root: .traceIDRatio(let ratio)): sampler += " (ratio \(ratio))"
        default: break
        }
        return [
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", tracing.tracesURL),
            ("OTEL_EXPORTER_OTLP_HEADERS", tracing.headers.isEmpty ? "(none)" : tracing.headers.map { "\($0.name)=\(Self.mask($0.value))" }.joined(separator: ",")),
            ("OTEL_SERVICE_NAME", tracing.serviceName),
            ("OTEL_TRACES_SAMPLER", sampler),
            ("OTEL_BSP_MAX_QUEUE_SIZE", String(tracing.maxQueueSize)),
            ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", String(tracing.maxBatchSize)),
            ("OTEL_BSP_SCHEDULE_DELAY", String(Int(tracing.scheduleDelay.inMilliseconds))),
            ("OTEL_BSP_EXPORT_TIMEOUT", String(Int(tracing.exportTimeout.inMilliseconds))),
        ]
    }
}
