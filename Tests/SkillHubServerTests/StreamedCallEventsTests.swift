import NIOCore
import Testing

@testable import SkillHubServer

@Suite("A streamed call's events between its runner and its writer")
struct StreamedCallEventsTests {
    @Test func eventsPostedWhileTheWriterIsBusyComeTogetherInOrder() async {
        let events = StreamedCallEvents()
        events.post(.chunk([1]))
        events.post(.chunk([2]))
        events.post(.chunk([3]))
        #expect(Self.chunks(await events.take()) == [[1], [2], [3]])
    }

    @Test func aLoneEventIsHandedToAWaitingWriterAtOnce() async {
        let events = StreamedCallEvents()
        async let taken = events.take()
        // The writer may or may not be waiting yet: either way the one event comes alone.
        try? await Task.sleep(for: .milliseconds(20))
        events.post(.chunk([7]))
        #expect(Self.chunks(await taken) == [[7]])
    }

    @Test func closingEndsTheEventsAfterWhatWasPosted() async {
        let events = StreamedCallEvents()
        events.post(.chunk([1]))
        events.close()
        events.post(.chunk([2]))
        #expect(Self.chunks(await events.take()) == [[1]])
        #expect(await events.take().isEmpty)
    }

    @Test func cancellingAWaitingWriterEndsItsWait() async {
        let events = StreamedCallEvents()
        let writer = Task { await events.take() }
        try? await Task.sleep(for: .milliseconds(20))
        writer.cancel()
        #expect(await writer.value.isEmpty)
    }

    @Test func aServerSentEventHasADataLinePerLineOfItsData() {
        var buffer = ByteBuffer()
        buffer.writeServerSentEvent("chunk", data: Array("one\r\ntwo\n".utf8))
        buffer.writeServerSentEvent(data: Array("[DONE]".utf8))
        #expect(String(buffer: buffer) == "event: chunk\ndata: one\ndata: two\ndata: \n\ndata: [DONE]\n\n")
    }

    private static func chunks(_ events: [StreamedCall.Event]) -> [[UInt8]] {
        events.map { event in
            guard case .chunk(let bytes) = event else { return [] }
            return bytes
        }
    }
}
