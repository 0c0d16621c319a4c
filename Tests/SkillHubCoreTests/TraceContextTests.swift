import Testing

@testable import SkillHubCore

/// W3C Trace Context: what a `traceparent` must be to be continued, and what SkillHub writes.
@Suite("Trace context")
struct TraceContextTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func aValidTraceparentIsReadAndWrittenBackTheSame() throws {
        let context = try #require(TraceContext(traceparent: Self.valid, tracestate: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
        #expect(context.traceID == TraceContext.TraceID(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736))
        #expect(context.spanID == 0x00f0_67aa_0ba9_02b7)
        #expect(context.isSampled)
        #expect(context.traceState == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        #expect(context.traceparent == Self.valid)
        #expect(context.traceID.hexText == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(TraceContext.hexText(ofSpanID: context.spanID) == "00f067aa0ba902b7")

        let unsampled = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        #expect(!unsampled.isSampled)
        #expect(unsampled.traceState == nil)
    }

    @Test(arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // no flags
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",  // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // trace id all zeros
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // span id all zeros
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // version ff
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 with more fields
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",  // a later version whose 56th character is not '-'
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // wrong separator
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",  // not hexadecimal
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
    ])
    func anInvalidTraceparentIsIgnored(_ header: String) {
        #expect(TraceContext(traceparent: header, tracestate: "rojo=1") == nil)
    }

    @Test func aLaterVersionIsReadForWhatVersion00Defines() throws {
        let later = try #require(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next"))
        #expect(later.spanID == 0x00f0_67aa_0ba9_02b7)
        // SkillHub passes on the version it speaks.
        #expect(later.traceparent == Self.valid)
    }

    @Test func aTracestateTooLongOrWithControlCharactersIsDroppedButTheTraceKept() throws {
        let long = try #require(TraceContext(traceparent: Self.valid, tracestate: String(repeating: "a", count: 513)))
        #expect(long.traceState == nil)
        let control = try #require(TraceContext(traceparent: Self.valid, tracestate: "a=1\n"))
        #expect(control.traceState == nil)
        let fits = try #require(TraceContext(traceparent: Self.valid, tracestate: String(repeating: "a", count: 512)))
        #expect(fits.traceState?.count == 512)
    }

    @Test func aChildKeepsTheTraceAndFlagsWithANewSpanID() throws {
        let parent = try #require(TraceContext(traceparent: Self.valid, tracestate: "rojo=1"))
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.spanID != parent.spanID)
        #expect(child.spanID != 0)
        #expect(child.flags == parent.flags)
        #expect(child.traceState == "rojo=1")
        #expect(TraceContext.TraceID.random() != TraceContext.TraceID.random())
    }
}
