import Foundation
import Prometheus

/// Per-endpoint dispatch figures for `/metrics`: attempts by outcome, attempt
/// latency, and calls in flight from this instance.
struct DispatchMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    /// An attempt on `endpoint` of `skill` ended.
    func attempt(skill: String, endpoint: UUID, succeeded: Bool, duration: Duration, inFlight: Int) {
        let labels = [("skill", skill), ("endpoint", endpoint.uuidString.lowercased())]
        registry.makeCounter(name: "skillhub_dispatch_attempts_total", labels: labels + [("outcome", succeeded ? "success" : "failure")]).increment()
        registry.makeDurationHistogram(name: "skillhub_dispatch_attempt_duration_seconds", labels: labels, buckets: HTTPMetrics.latencyBuckets)
            .record(duration)
        registry.makeGauge(name: "skillhub_dispatch_in_flight", labels: labels).set(to: Double(inFlight))
    }
}
