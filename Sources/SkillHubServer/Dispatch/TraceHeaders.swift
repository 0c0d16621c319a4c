import HTTPTypes
import SkillHubCore

/// The W3C trace-context headers a dispatched call passes on to remote endpoints.
enum TraceHeaders {
    static let names: [HTTPField.Name] = [.traceparent, .tracestate, .baggage]

    static func forwarded(from headers: HTTPFields) -> [(name: String, value: String)] {
        names.compactMap { name in headers[name].map { (name.canonicalName, $0) } }
    }

    /// The headers that continue `trace`: its `traceparent`, and its `tracestate` when it has one.
    static func continuing(_ trace: TraceContext) -> [(name: String, value: String)] {
        [("traceparent", trace.traceparent)] + (trace.traceState.map { [("tracestate", $0)] } ?? [])
    }

    /// The trace context `headers` name (a valid `traceparent`, with its `tracestate`); nil otherwise.
    static func context(in headers: [(name: String, value: String)]) -> TraceContext? {
        guard let parent = headers.first(where: { $0.name == "traceparent" }) else { return nil }
        return TraceContext(traceparent: parent.value, tracestate: headers.first(where: { $0.name == "tracestate" })?.value)
    }

    /// `forwarded` with the trace context replaced by `trace` (the client span of a call), `baggage` kept.
    static func replacing(_ forwarded: [(name: String, value: String)], with trace: TraceContext?) -> [(name: String, value: String)] {
        guard let trace else { return forwarded }
        return continuing(trace) + forwarded.filter { $0.name != "traceparent" && $0.name != "tracestate" }
    }
}

extension HTTPField.Name {
    /// W3C Trace Context's `traceparent`.
    static let traceparent = HTTPField.Name("traceparent")!
    /// W3C Trace Context's `tracestate`.
    static let tracestate = HTTPField.Name("tracestate")!
    /// W3C Baggage's `baggage`.
    static let baggage = HTTPField.Name("baggage")!
}
