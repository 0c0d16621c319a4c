import SkillHubChatModels
import Testing

@Suite("Stream parsers")
struct ServerSentEventParserTests {
    let text = ": comment\r\nevent: message\r\ndata: {\"a\":\r\ndata:  \"é世\"}\r\n\r\ndata:[DONE]\n\n"
    let expected = [ServerSentEvent(event: "message", data: "{\"a\":\n \"é世\"}"), ServerSentEvent(data: "[DONE]")]

    @Test func everySplitInTwoGivesTheSameEvents() {
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(Array(bytes[..<cut])) + parser.feed(Array(bytes[cut...])) + parser.finish()
            #expect(events == expected, "cut at \(cut)")
        }
    }

    @Test func byteByByteGivesTheSameEvents() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in text.utf8 { events += parser.feed([byte]) }
        #expect(events + parser.finish() == expected)
    }

    @Test func aLoneCarriageReturnEndsALine() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: a\rdata: b\r\r".utf8)) == [ServerSentEvent(data: "a\nb")])
    }

    @Test func anEventWithoutItsBlankLineIsDeliveredAtTheEnd() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: [DONE]".utf8)).isEmpty)
        #expect(parser.finish() == [ServerSentEvent(data: "[DONE]")])
    }

    @Test func linesAreSplitAnywhere() {
        let bytes = Array("{\"a\":1}\r\n\n{\"b\":\"ü\"}\n{\"c\":3}".utf8)
        for cut in 0...bytes.count {
            var splitter = LineSplitter()
            let lines = splitter.feed(Array(bytes[..<cut])) + splitter.feed(Array(bytes[cut...])) + splitter.finish()
            #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":\"ü\"}", "{\"c\":3}"], "cut at \(cut)")
        }
    }
}
