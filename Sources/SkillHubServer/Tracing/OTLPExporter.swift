import AsyncHTTPClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import ServiceLifecycle
import SkillHubCore

/// Sends ended spans to an OTLP/HTTP collector (`POST {endpoint}/v1/traces`, JSON), as a service.
///
/// A request never waits for it: ``accept(_:)`` appends to a bounded queue under a lock, and a span
/// that finds the queue full (``TracingSettings/maxQueueSize``) is dropped and counted
/// (`skillhub_trace_spans_dropped_total`). The service sends a batch (at most
/// ``TracingSettings/maxBatchSize`` spans) once one is full or ``TracingSettings/scheduleDelay``
/// has passed, one export at a time; a failed export is logged and counted, its spans lost (no
/// retry: the queue must not grow behind a collector that is down). On graceful shutdown it sends
/// what is left, each export bounded by ``TracingSettings/exportTimeout``.
final class OTLPExporter: Service, SpanSink, Sendable {
    let settings: TracingSettings
    private let version: String
    private let client: OutboundHTTPClient
    private let logger: Logger
    private let queue: NIOLockedValueBox<[Span.Record]>
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let dropped: Counter
    private let exported: Counter
    private let failures: Counter

    init(settings: TracingSettings, version: String, client: OutboundHTTPClient, metrics: PrometheusCollectorRegistry, logger: Logger) {
        self.settings = settings
        self.version = version
        self.client = client
        self.logger = logger
        self.queue = NIOLockedValueBox([])
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        dropped = metrics.makeCounter(name: "skillhub_trace_spans_dropped_total")
        exported = metrics.makeCounter(name: "skillhub_trace_spans_exported_total")
        failures = metrics.makeCounter(name: "skillhub_trace_exports_failed_total")
    }

    /// Queues an ended span; drops it when the queue is full. Never waits.
    func accept(_ record: Span.Record) {
        let count: Int? = queue.withLockedValue { queue in
            guard queue.count < settings.maxQueueSize else { return nil }
            queue.append(record)
            return queue.count
        }
        guard let count else { return dropped.increment() }
        // Each full batch's worth wakes the service (also when an export was running as the batch filled).
        if count % settings.maxBatchSize == 0 { wake.yield() }
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { [settings, wake] in
                while (try? await Task.sleep(for: settings.scheduleDelay)) != nil { wake.yield() }
            }
            for await _ in wakes.cancelOnGracefulShutdown() {
                await exportQueued()
            }
            group.cancelAll()
        }
        await exportQueued()
    }

    /// Sends what is queued now, a batch at a time. Spans that end meanwhile wait for the next
    /// wake-up (a full batch, or the schedule delay): chasing them would send a stream of small
    /// exports whenever spans end faster than one export takes.
    func exportQueued() async {
        var remaining = queue.withLockedValue { $0.count }
        while remaining > 0 {
            let batch = queue.withLockedValue { queue in
                let batch = Array(queue.prefix(min(remaining, settings.maxBatchSize)))
                queue.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            remaining -= batch.count
            await export(batch)
        }
    }

    private func export(_ batch: [Span.Record]) async {
        var request = HTTPClientRequest(url: settings.tracesURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for header in settings.headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: OTLPTraceEncoding.body(of: batch, serviceName: settings.serviceName, version: version)))
        do {
            let response = try await client.client.execute(request, timeout: .milliseconds(Int64(settings.exportTimeout.inMilliseconds)))
            _ = try? await response.body.collect(upTo: 64 << 10)
            guard (200..<300).contains(response.status.code) else {
                failures.increment()
                return logger.warning("trace export refused; spans dropped", metadata: ["status": "\(response.status.code)", "spans": "\(batch.count)"])
            }
            exported.increment(by: Int64(batch.count))
        } catch {
            failures.increment()
            logger.warning("trace export failed; spans dropped", metadata: ["error": "\(error)", "spans": "\(batch.count)"])
        }
    }
}
