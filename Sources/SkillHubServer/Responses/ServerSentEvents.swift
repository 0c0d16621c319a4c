import Hummingbird
import NIOCore

/// Turns the events of a ``StreamedCall`` into Server-Sent Events, appended to the bytes of the
/// next write.
protocol ServerSentEventRenderer: Sendable {
    /// Appends what `event` becomes (any number of server-sent events) to `buffer`.
    mutating func render(_ event: StreamedCall.Event, into buffer: inout ByteBuffer)
}

extension ByteBuffer {
    /// Appends one Server-Sent Event: its name (none: the default `message` event, as OpenAI's
    /// streams send) and its data, one `data:` line per line of it.
    mutating func writeServerSentEvent(_ event: String? = nil, data: [UInt8]) {
        if let event { writeString("event: \(event)\n") }
        var line = data[...]
        while true {
            let end = line.firstIndex(of: UInt8(ascii: "\n")) ?? line.endIndex
            var text = line[..<end]
            if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
            writeStaticString("data: ")
            writeBytes(text)
            writeInteger(UInt8(ascii: "\n"))
            guard end < line.endIndex else { break }
            line = line[line.index(after: end)...]
        }
        writeInteger(UInt8(ascii: "\n"))
    }
}

extension Response {
    /// A `text/event-stream` response of `call`'s events as `renderer` renders them: the events
    /// that are there together go out in one write (one flush), a lone one at once.
    static func eventStream(of call: StreamedCall, renderer: some ServerSentEventRenderer) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var renderer = renderer
                try await call.forEachBatch { events in
                    var buffer = ByteBuffer()
                    for event in events { renderer.render(event, into: &buffer) }
                    try await writer.write(buffer)
                }
                try await writer.finish(nil)
            }
        )
    }
}
