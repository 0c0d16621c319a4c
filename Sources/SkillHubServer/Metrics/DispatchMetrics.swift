import Foundation
import Prometheus

/// Per-endpoint dispatch figures for `/metrics`: attempts by outcome, attempt
/// latency, and calls in flight from this instance.
struct DispatchMetrics: Sendable {
    private struct Key: Hashable, Sendable {
        var skill: String
        var endpoint: UUID
        var succeeded: Bool
    }

    private struct Handles: Sendable {
        var attempts: Counter
        var duration: DurationHistogram
        var inFlight: Gauge
    }

    let registry: PrometheusCollectorRegistry
    private let handles = MetricHandleCache<Key, Handles>()

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// An attempt on `endpoint` of `skill` ended.
    func attempt(skill: String, endpoint: UUID, succeeded: Bool, duration: Duration, inFlight: Int) {
        let metrics = handles.handles(for: Key(skill: skill, endpoint: endpoint, succeeded: succeeded)) {
            let labels = [("skill", skill), ("endpoint", endpoint.lowercasedString)]
            return Handles(
                attempts: registry.makeCounter(name: "skillhub_dispatch_attempts_total", labels: labels + [("outcome", succeeded ? "success" : "failure")]),
                duration: registry.makeDurationHistogram(name: "skillhub_dispatch_attempt_duration_seconds", labels: labels, buckets: HTTPMetrics.latencyBuckets),
                inFlight: registry.makeGauge(name: "skillhub_dispatch_in_flight", labels: labels)
            )
        }
        metrics.attempts.increment()
        metrics.duration.record(duration)
        metrics.inFlight.set(to: Double(inFlight))
    }
}
