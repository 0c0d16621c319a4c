import Prometheus

/// Request metrics by route, method and status, in a Prometheus registry.
struct HTTPMetrics: Sendable {
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    private struct Key: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    let registry: PrometheusCollectorRegistry
    private let handles = MetricHandleCache<Key, (requests: Counter, duration: DurationHistogram)>()

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func record(route: String, method: String, status: Int, duration: Duration) {
        let metrics = handles.handles(for: Key(route: route, method: method, status: status)) {
            let labels = [("route", route), ("method", method), ("status", String(status))]
            return (
                registry.makeCounter(name: "skillhub_http_requests_total", labels: labels),
                registry.makeDurationHistogram(name: "skillhub_http_request_duration_seconds", labels: labels, buckets: Self.latencyBuckets)
            )
        }
        metrics.requests.increment()
        metrics.duration.record(duration)
    }
}
