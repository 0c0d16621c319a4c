/// OpenTelemetry trace export, from the standard `OTEL_*` variables: spans are sent as OTLP/HTTP
/// JSON to ``tracesURL`` when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
/// is set; nil in the configuration otherwise, and then no span is made at all.
public struct TracingSettings: Sendable, Equatable {
    /// Which traces are recorded (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`).
    public enum Sampler: Sendable, Equatable {
        case alwaysOn
        case alwaysOff
        /// A fraction of the traces, decided from the trace id (so every service keeps the same ones).
        case traceIDRatio(Double)
        /// A caller's decision (its `traceparent`'s sampled flag) when there is one, else `root`.
        indirect case parentBased(root: Sampler)

        /// The name of `OTEL_TRACES_SAMPLER` this sampler is.
        public var name: String {
            switch self {
            case .alwaysOn: "always_on"
            case .alwaysOff: "always_off"
            case .traceIDRatio: "traceidratio"
            case .parentBased(let root): "parentbased_" + root.name
            }
        }
    }

    /// One header sent with every export (`OTEL_EXPORTER_OTLP_HEADERS`).
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Where spans are POSTed: `{OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is.
    public var tracesURL: String
    /// Headers of every export (an API key, say).
    public var headers: [Header]
    /// `service.name` of the spans (`OTEL_SERVICE_NAME`, default `skillhub`).
    public var serviceName: String
    public var sampler: Sampler
    /// Spans waiting for export at most (`OTEL_BSP_MAX_QUEUE_SIZE`, 2048); further spans are dropped and counted.
    public var maxQueueSize: Int
    /// Spans per export at most (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, 512).
    public var maxBatchSize: Int
    /// The longest a span waits for its export (`OTEL_BSP_SCHEDULE_DELAY`, 1000 ms); a full batch goes at once.
    public var scheduleDelay: Duration
    /// The longest one export may take (`OTEL_BSP_EXPORT_TIMEOUT`, 10000 ms).
    public var exportTimeout: Duration

    public init(
        tracesURL: String,
        headers: [Header] = [],
        serviceName: String = "skillhub",
        sampler: Sampler = .parentBased(root: .alwaysOn),
        maxQueueSize: Int = 2048,
        maxBatchSize: Int = 512,
        scheduleDelay: Duration = .milliseconds(1000),
        exportTimeout: Duration = .milliseconds(10_000)
    ) {
        self.tracesURL = tracesURL
        self.headers = headers
        self.serviceName = serviceName
        self.sampler = sampler
        self.maxQueueSize = maxQueueSize
        self.maxBatchSize = maxBatchSize
        self.scheduleDelay = scheduleDelay
        self.exportTimeout = exportTimeout
    }
}
