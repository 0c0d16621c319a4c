import Foundation
import NIOConcurrencyHelpers
import SkillHubCore

/// One operation of a trace, recorded until ``end()`` hands it to the exporter. Made by
/// ``SpanTracer/startSpan(_:kind:parent:)``; a span of a trace that is not sampled records nothing
/// but still has a context to pass on.
final class Span: Sendable {
    /// The span's own context: its trace, its id, the flags and `tracestate` to pass on.
    let context: TraceContext
    /// The id of the span it continues; nil for a trace's root.
    let parentSpanID: UInt64?
    let kind: SpanKind
    /// Unix time in nanoseconds.
    let startTime: UInt64
    private let state: NIOLockedValueBox<State>
    private let sink: (any SpanSink)?

    struct State {
        var name: String
        var attributes: [(key: String, value: SpanAttribute)] = []
        var status: SpanStatus = .unset
        var ended = false
    }

    /// An ended span as it is exported.
    struct Record: Sendable {
        var context: TraceContext
        var parentSpanID: UInt64?
        var name: String
        var kind: SpanKind
        var startTime: UInt64
        var endTime: UInt64
        var attributes: [(key: String, value: SpanAttribute)]
        var status: SpanStatus
    }

    init(name: String, kind: SpanKind, context: TraceContext, parentSpanID: UInt64?, sink: (any SpanSink)?) {
        self.context = context
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.startTime = Self.now()
        self.state = NIOLockedValueBox(State(name: name))
        self.sink = context.isSampled ? sink : nil
    }

    /// Whether the span is recorded (its trace is sampled); setting attributes on one that is not costs nothing.
    var isRecording: Bool { sink != nil }

    /// Renames the span (a server span learns its route after routing).
    func rename(_ name: String) {
        guard isRecording else { return }
        state.withLockedValue { $0.name = name }
    }

    /// Sets an attribute (replacing one of the same key).
    func set(_ key: String, _ value: SpanAttribute) {
        guard isRecording else { return }
        state.withLockedValue { state in
            if let index = state.attributes.firstIndex(where: { $0.key == key }) {
                state.attributes[index].value = value
            } else {
                state.attributes.append((key, value))
            }
        }
    }

    /// Marks the span failed.
    func fail(_ message: String) {
        guard isRecording else { return }
        state.withLockedValue { $0.status = .error(message) }
    }

    /// Ends the span and hands it to the exporter; a second call does nothing.
    func end() {
        guard let sink else { return }
        let endTime = Self.now()
        let record: Record? = state.withLockedValue { state in
            guard !state.ended else { return nil }
            state.ended = true
            return Record(
                context: context, parentSpanID: parentSpanID, name: state.name, kind: kind, startTime: startTime, endTime: endTime,
                attributes: state.attributes, status: state.status
            )
        }
        if let record { sink.accept(record) }
    }

    /// Unix time in nanoseconds, by the wall clock (OTLP's times).
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(max(0, time.tv_sec)) * 1_000_000_000 + UInt64(max(0, time.tv_nsec))
    }
}

/// Where ended spans go (the exporter's queue).
protocol SpanSink: Sendable {
    func accept(_ record: Span.Record)
}
