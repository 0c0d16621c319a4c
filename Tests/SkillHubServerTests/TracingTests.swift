import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Prometheus
import SkillHubCore
import SkillHubTestSupport
import Testing

@testable import SkillHubServer

/// W3C trace context through dispatch, and spans exported over OTLP/HTTP to a fake collector.
@Suite("Tracing: W3C trace context and OTLP export")
struct TracingTests {
    static let traceparent = HTTPField.Name("traceparent")!

    /// The settings that export to `collector` at once (20 ms batches).
    static func exporting(to collector: FakeOTLPCollector) -> [String: String] {
        ["OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "20"]
    }

    /// `POST /api/v1/skills/{name}/invoke` with `key` and a `traceparent` (when given).
    static func invoke(_ client: any TestClientProtocol, key: String, _ name: String, _ body: String, traceparent: String?) async throws -> TestResponse {
        var headers: HTTPFields = [KeyedClient.apiKeyHeader: key, .contentType: "application/json"]
        headers[Self.traceparent] = traceparent
        return try await client.execute(uri: "/api/v1/skills/\(name)/invoke", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func anIncomingTraceparentContinuesThroughDispatchToTheRemoteEndpoint() async throws {
        let collector = await FakeOTLPCollector.start()
        let endpoint = await TracedSkillEndpoint.start()
        var environment = Self.exporting(to: collector)
        environment["OTEL_SERVICE_NAME"] = "skillhub-under-test"
        environment["OTEL_EXPORTER_OTLP_HEADERS"] = "x-collector-key=k%201"
        try await TestApplication.make(environment: environment).test(.live) { client in
            let tenant = try await TestTenant.create(with: client)
            let name = TestStack.uniqueName("traced")
            _ = try await DispatchTests.registerRemote(KeyedClient(client: client, key: tenant.serviceKey), name: name, endpoints: [(endpoint.url, 1)])
            let traceID = TraceContext.TraceID.random().hexText
            let callerSpan = "00f067aa0ba902b7"

            let response = try await Self.invoke(client, key: tenant.userKey, name, #"{"capability": "run", "input": {}}"#, traceparent: "00-\(traceID)-\(callerSpan)-01")
            #expect(response.status == .ok)
            let spans = try await collector.spans(ofTrace: traceID, count: 3)
            #expect(spans.count == 3)
            // The server span continues the caller's; the dispatch span is its child; the client span the dispatch's.
            let server = try #require(spans.first { $0.kind == 2 })
            #expect(server.parentSpanID == callerSpan)
            #expect(server.name == "POST /api/v1/skills/{skill_id}/invoke")
            #expect(server.attributes["http.request.method"] == "POST")
            #expect(server.attributes["http.response.status_code"] == "200")
            #expect(server.attributes["url.path"] == .string("/api/v1/skills/\(name)/invoke"))
            let dispatch = try #require(spans.first { $0.name == "dispatch \(name)" })
            #expect(dispatch.parentSpanID == server.spanID)
            #expect(dispatch.attributes["skillhub.capability"] == "run")
            #expect(dispatch.attributes["skillhub.attempts"] == "1")
            let call = try #require(spans.first { $0.kind == 3 })
            #expect(call.parentSpanID == dispatch.spanID)
            #expect(call.attributes["server.address"] == "127.0.0.1")
            #expect(call.attributes["http.response.status_code"] == "200")
            #expect(call.attributes["url.full"] == .string(endpoint.url))
            // The endpoint was called with the client span as its parent, in the caller's trace.
            #expect(endpoint.traceparents == ["00-\(traceID)-\(call.spanID)-01"])
            // The resource and the export headers are the configured ones.
            #expect(server.serviceName == "skillhub-under-test")
            #expect(server.exportHeaders[HTTPField.Name("x-collector-key")!] == "k 1")

            // An invalid traceparent is ignored: a new trace starts, and the endpoint gets that one.
            let invalid = "00-\(traceID.uppercased())-\(callerSpan)-01"
            #expect(try await Self.invoke(client, key: tenant.userKey, name, #"{"capability": "run", "input": {}}"#, traceparent: invalid).status == .ok)
            let sent = try #require(endpoint.traceparents.last.flatMap { $0 }.flatMap { TraceContext(traceparent: $0) })
            #expect(sent.traceID.hexText != traceID)
            let fresh = try await collector.spans(ofTrace: sent.traceID.hexText, count: 3)
            #expect(fresh.first { $0.kind == 2 }?.parentSpanID == nil)
            #expect(fresh.first { $0.kind == 3 }?.spanID == TraceContext.hexText(ofSpanID: sent.spanID))

            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("skillhub_trace_spans_exported_total"))
        }
        await endpoint.stop()
        await collector.stop()
    }

    @Test(arguments: [false, true])
    func aPluginInvocationAndTheSkillItCallsContinueTheTrace(isolated: Bool) async throws {
        let collector = await FakeOTLPCollector.start()
        var environment = try TestApplication.echoPlugins().merging(Self.exporting(to: collector)) { $1 }
        if isolated { environment.merge(try TestApplication.isolating("echo")) { $1 } }
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let traceID = TraceContext.TraceID.random().hexText
            let callerSpan = "b7ad6b7169203331"

            // echo's relay calls echo-c through the host's invoke_skill.
            let relayed = try await Self.invoke(
                client, key: tenant.userKey, "echo", #"{"capability": "relay", "input": {"skill": "echo-c", "input": {"via": "echo"}}}"#,
                traceparent: "00-\(traceID)-\(callerSpan)-01"
            )
            #expect(relayed.status == .ok)
            let spans = try await collector.spans(ofTrace: traceID, count: 5)
            #expect(spans.count == 5)
            let server = try #require(spans.first { $0.kind == 2 })
            #expect(server.parentSpanID == callerSpan)
            let outer = try #require(spans.first { $0.name == "dispatch echo" })
            #expect(outer.parentSpanID == server.spanID)
            let echo = try #require(spans.first { $0.name == "plugin echo" })
            #expect(echo.parentSpanID == outer.spanID)
            #expect(echo.attributes["skillhub.plugin.name"] == "echo")
            #expect(echo.attributes["skillhub.capability"] == "relay")
            // The nested call, made by the plugin during its invocation, is the plugin span's child.
            let nested = try #require(spans.first { $0.name == "dispatch echo-c" })
            #expect(nested.parentSpanID == echo.spanID)
            #expect(nested.attributes["skillhub.depth"] == "1")
            let echoC = try #require(spans.first { $0.name == "plugin echo-c" })
            #expect(echoC.parentSpanID == nested.spanID)

            // The plugin reads its call's trace context through the host (ABI 1.2): its own span.
            let asked = try await Self.invoke(client, key: tenant.userKey, "echo", #"{"capability": "trace", "input": {}}"#, traceparent: "00-\(traceID)-\(callerSpan)-01")
            let seen = try #require(try asked.value()["output"]?["traceparent"]?.stringValue.flatMap { TraceContext(traceparent: $0) })
            #expect(seen.traceID.hexText == traceID)
            let traced = try await collector.spans(ofTrace: traceID, count: 8)
            let invocation = try #require(traced.first { $0.name == "plugin echo" && $0.attributes["skillhub.capability"] == "trace" })
            #expect(TraceContext.hexText(ofSpanID: seen.spanID) == invocation.spanID)
        }
        await collector.stop()
    }

    @Test func withoutAnEndpointNoExporterRunsAndTheCallersHeadersPassUnchanged() async throws {
        let endpoint = await TracedSkillEndpoint.start()
        try await TestApplication.make(environment: TestApplication.echoPlugins()).test(.live) { client in
            try await DispatchTests.ready(client)
            let tenant = try await TestTenant.create(with: client)
            let name = TestStack.uniqueName("untraced")
            _ = try await DispatchTests.registerRemote(KeyedClient(client: client, key: tenant.serviceKey), name: name, endpoints: [(endpoint.url, 1)])
            let incoming = "00-\(TraceContext.TraceID.random().hexText)-00f067aa0ba902b7-01"
            #expect(try await Self.invoke(client, key: tenant.userKey, name, #"{"input": {}}"#, traceparent: incoming).status == .ok)
            #expect(try await Self.invoke(client, key: tenant.userKey, name, #"{"input": {}}"#, traceparent: nil).status == .ok)
            // No span was made: the endpoint sees the caller's own header, and none when there was none.
            #expect(endpoint.traceparents == [incoming, nil])
            // A plugin still gets the caller's trace context, unchanged, and none when there was none.
            let relayed = try await Self.invoke(client, key: tenant.userKey, "echo", #"{"capability": "trace", "input": {}}"#, traceparent: incoming)
            #expect(try relayed.value()["output"] == ["traceparent": .string(incoming)])
            let none = try await Self.invoke(client, key: tenant.userKey, "echo", #"{"capability": "trace", "input": {}}"#, traceparent: nil)
            #expect(try none.value()["output"] == [:])
            // No exporter was made (its counters would be on /metrics).
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(!metrics.contains("skillhub_trace_"))
        }
        await endpoint.stop()
    }

    @Test func theQueueIsBoundedAndDroppedSpansAreCounted() async throws {
        let collector = await FakeOTLPCollector.start()
        let registry = PrometheusCollectorRegistry()
        let outbound = OutboundHTTPClient()
        let settings = TracingSettings(tracesURL: "\(collector.endpoint)/v1/traces", maxQueueSize: 2, maxBatchSize: 1)
        let exporter = OTLPExporter(settings: settings, version: "test", client: outbound, metrics: registry, logger: .init(label: "test"))
        let tracer = SpanTracer(sampler: .alwaysOn, sink: exporter)
        for index in 0..<3 { tracer.startSpan("span \(index)", kind: .internal, parent: nil).end() }
        var text: [UInt8] = []
        registry.emit(into: &text)
        #expect(String(decoding: text, as: UTF8.self).contains("skillhub_trace_spans_dropped_total 1"))

        // The two queued go out, a batch of one at a time.
        await exporter.exportQueued()
        #expect(collector.spans.map(\.name) == ["span 0", "span 1"])
        #expect(collector.exports == 2)
        try await outbound.client.shutdown()
        await collector.stop()
    }

    @Test func spansAreWrittenAsOTLPJSON() throws {
        let parent = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "rojo=1"))
        let span = Span.Record(
            context: parent.child(spanID: 0x0102_0304_0506_0708), parentSpanID: parent.spanID, name: #"say "hi"\n"#, kind: .client,
            startTime: 1_700_000_000_000_000_001, endTime: 1_700_000_000_000_000_002,
            attributes: [("http.response.status_code", .int(503)), ("retried", .bool(true)), ("url.full", .string("http://x/é"))],
            status: .error("HTTP 503")
        )
        let body = OTLPTraceEncoding.body(of: [span], serviceName: "svc", version: "1.2.3")
        let export = try JSONValue(parsing: body)
        let resource = export["resourceSpans"]?[0]
        #expect(resource?["resource"]?["attributes"]?[0] == ["key": "service.name", "value": ["stringValue": "svc"]])
        #expect(resource?["scopeSpans"]?[0]?["scope"] == ["name": "skillhub", "version": "1.2.3"])
        let written = try #require(resource?["scopeSpans"]?[0]?["spans"]?[0])
        #expect(written == [
            "traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "0102030405060708", "parentSpanId": "00f067aa0ba902b7",
            "name": #"say "hi"\n"#, "kind": 3, "startTimeUnixNano": "1700000000000000001", "endTimeUnixNano": "1700000000000000002",
            "attributes": [
                ["key": "http.response.status_code", "value": ["intValue": "503"]],
                ["key": "retried", "value": ["boolValue": true]],
                ["key": "url.full", "value": ["stringValue": "http://x/é"]],
            ],
            "traceState": "rojo=1", "status": ["code": 2, "message": "HTTP 503"],
        ])
    }

    @Test func theSamplersDecideAsTheirNamesSay() throws {
        let sampledParent = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        let unsampledParent = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        let id = TraceContext.TraceID.random()
        #expect(SpanTracer.samples(.parentBased(root: .alwaysOff), traceID: id, parent: sampledParent))
        #expect(!SpanTracer.samples(.parentBased(root: .alwaysOn), traceID: id, parent: unsampledParent))
        #expect(SpanTracer.samples(.parentBased(root: .alwaysOn), traceID: id, parent: nil))
        #expect(SpanTracer.samples(.alwaysOn, traceID: id, parent: unsampledParent))
        #expect(!SpanTracer.samples(.alwaysOff, traceID: id, parent: sampledParent))
        // A ratio keeps about that share of traces, the same ones every time.
        let ids = (0..<2000).map { _ in TraceContext.TraceID.random() }
        let kept = ids.filter { SpanTracer.samples(.traceIDRatio(0.25), traceID: $0, parent: nil) }
        #expect((400...600).contains(kept.count))
        #expect(kept.allSatisfy { SpanTracer.samples(.parentBased(root: .traceIDRatio(0.25)), traceID: $0, parent: nil) })
        #expect(ids.filter { SpanTracer.samples(.traceIDRatio(0), traceID: $0, parent: nil) }.isEmpty)

        // An unsampled span records nothing but still has a context of the same trace to pass on.
        let exporter = OTLPExporter(
            settings: TracingSettings(tracesURL: "http://127.0.0.1:9/v1/traces"), version: "test", client: OutboundHTTPClient(),
            metrics: PrometheusCollectorRegistry(), logger: .init(label: "test")
        )
        let span = SpanTracer(sampler: .parentBased(root: .alwaysOn), sink: exporter).startSpan("x", kind: .server, parent: unsampledParent)
        #expect(!span.isRecording)
        #expect(span.context.traceID == unsampledParent.traceID)
        #expect(!span.context.isSampled)
    }
}
