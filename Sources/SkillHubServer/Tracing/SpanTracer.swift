import SkillHubCore

/// Starts spans and decides which traces are recorded (``TracingSettings/Sampler``); ended spans go
/// to ``sink`` (the OTLP exporter). Made only when tracing is configured: with tracing off the
/// application holds no tracer, and the code that would start a span skips it on a nil check.
struct SpanTracer: Sendable {
    let sampler: TracingSettings.Sampler
    let sink: any SpanSink

    /// A new span: a child of `parent` (an incoming `traceparent` or a span of this process), or
    /// the root of a new trace. Unsampled spans are not recorded but still carry a context to pass on.
    func startSpan(_ name: String, kind: SpanKind, parent: TraceContext?) -> Span {
        let traceID = parent?.traceID ?? .random()
        let sampled = Self.samples(sampler, traceID: traceID, parent: parent)
        let flags = ((parent?.flags ?? 0) & ~1) | (sampled ? 1 : 0)
        let context = TraceContext(traceID: traceID, spanID: TraceContext.randomSpanID(), flags: flags, traceState: parent?.traceState)
        return Span(name: name, kind: kind, context: context, parentSpanID: parent?.spanID, sink: sink)
    }

    /// Whether `sampler` records a span of `traceID` under `parent`.
    static func samples(_ sampler: TracingSettings.Sampler, traceID: TraceContext.TraceID, parent: TraceContext?) -> Bool {
        switch sampler {
        case .alwaysOn: return true
        case .alwaysOff: return false
        case .traceIDRatio(let ratio):
            // The trace id's last 7 bytes are random (W3C Trace Context level 2), so every service keeps the same traces.
            guard ratio < 1 else { return true }
            return traceID.low & 0x00FF_FFFF_FFFF_FFFF < UInt64(ratio * 0x0100_0000_0000_0000)
        case .parentBased(let root):
            if let parent { return parent.isSampled }
            return samples(root, traceID: traceID, parent: nil)
        }
    }
}
