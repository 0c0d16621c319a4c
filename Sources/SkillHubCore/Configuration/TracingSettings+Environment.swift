import Foundation

extension TracingSettings {
    /// Reads the `OTEL_*` variables: nil (no tracing) when neither `OTEL_EXPORTER_OTLP_ENDPOINT` nor
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, or when `OTEL_SDK_DISABLED` is true.
    static func read(_ reader: inout EnvironmentReader, warnings: inout [String]) -> TracingSettings? {
        let disabled = reader.boolean("OTEL_SDK_DISABLED", default: false)
        let base = reader.raw("OTEL_EXPORTER_OTLP_ENDPOINT")
        let traces = reader.raw("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        guard !disabled, base != nil || traces != nil else {
            let stray = ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG"].filter { reader.raw($0) != nil }
            if !stray.isEmpty {
                warnings.append("\(stray.joined(separator: ", ")) ignored: tracing is off until OTEL_EXPORTER_OTLP_ENDPOINT is set")
            }
            return nil
        }
        var url = ""
        if let traces {
            url = traces
            if !isHTTPURL(traces) { reader.report("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "'\(traces)' is not valid; expected an http:// or https:// URL") }
        } else if let base {
            url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
            if !isHTTPURL(base) { reader.report("OTEL_EXPORTER_OTLP_ENDPOINT", "'\(base)' is not valid; expected an http:// or https:// URL such as http://collector:4318") }
        }
        switch reader.raw("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? reader.raw("OTEL_EXPORTER_OTLP_PROTOCOL") {
        case nil, "http/json": break
        case "http/protobuf": warnings.append("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf: SkillHub sends OTLP/HTTP JSON, which OTLP/HTTP receivers accept too")
        case let other?: reader.report("OTEL_EXPORTER_OTLP_PROTOCOL", "'\(other)' is not supported; SkillHub exports OTLP/HTTP (http/json) to port 4318, not gRPC")
        }
        var settings = TracingSettings(tracesURL: url)
        settings.headers = headers("OTEL_EXPORTER_OTLP_HEADERS", reader: &reader) + headers("OTEL_EXPORTER_OTLP_TRACES_HEADERS", reader: &reader)
        settings.serviceName = reader.string("OTEL_SERVICE_NAME", default: "skillhub")
        settings.sampler = sampler(&reader)
        settings.maxQueueSize = reader.integer("OTEL_BSP_MAX_QUEUE_SIZE", default: 2048, in: 1...1_000_000)
        settings.maxBatchSize = reader.integer("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", default: 512, in: 1...1_000_000)
        if settings.maxBatchSize > settings.maxQueueSize {
            reader.report("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "is \(settings.maxBatchSize); it must not exceed OTEL_BSP_MAX_QUEUE_SIZE (\(settings.maxQueueSize))")
        }
        settings.scheduleDelay = .milliseconds(reader.integer("OTEL_BSP_SCHEDULE_DELAY", default: 1000, in: 10...600_000))
        settings.exportTimeout = .milliseconds(reader.integer("OTEL_BSP_EXPORT_TIMEOUT", default: 10_000, in: 100...600_000))
        return settings
    }

    /// `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`) with `OTEL_TRACES_SAMPLER_ARG` (the ratio, default 1).
    private static func sampler(_ reader: inout EnvironmentReader) -> Sampler {
        let name = reader.string("OTEL_TRACES_SAMPLER", default: "parentbased_always_on").lowercased()
        var ratio = 1.0
        if let text = reader.raw("OTEL_TRACES_SAMPLER_ARG") {
            if let value = Double(text), value >= 0, value <= 1 {
                ratio = value
            } else {
                reader.report("OTEL_TRACES_SAMPLER_ARG", "'\(text)' is not valid; expected a ratio from 0 to 1")
            }
        }
        let parentBased = name.hasPrefix("parentbased_")
        let root: Sampler
        switch parentBased ? String(name.dropFirst("parentbased_".count)) : name {
        case "always_on": root = .alwaysOn
        case "always_off": root = .alwaysOff
        case "traceidratio": root = .traceIDRatio(ratio)
        default:
            reader.report("OTEL_TRACES_SAMPLER", "'\(name)' is not valid; expected always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio")
            return .parentBased(root: .alwaysOn)
        }
        return parentBased ? .parentBased(root: root) : root
    }

    /// `name=value,name=value`, values percent-decoded (the OpenTelemetry form).
    private static func headers(_ variable: String, reader: inout EnvironmentReader) -> [Header] {
        guard let text = reader.raw(variable) else { return [] }
        var headers: [Header] = []
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard parts.count == 2, CORSSettings.isToken(parts[0]), let value = parts[1].removingPercentEncoding, !value.isEmpty else {
                reader.report(variable, "'\(entry.trimmingWhitespace())' is not valid; expected a comma-separated list of name=value")
                continue
            }
            headers.append(Header(name: parts[0], value: value))
        }
        return headers
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) { return lowered.count > scheme.count }
        return false
    }
}
