/// The W3C trace context of a call (ABI 1.2), from ``SkillContext/traceContext()``: the headers to
/// send on a request that continues the call's trace.
public struct SkillTraceContext: Sendable, Equatable, Codable {
    /// `00-{trace id}-{span id}-{flags}`.
    public var traceparent: String
    /// The vendor entries, when the trace has any.
    public var tracestate: String?

    public init(traceparent: String, tracestate: String? = nil) {
        self.traceparent = traceparent
        self.tracestate = tracestate
    }
}
