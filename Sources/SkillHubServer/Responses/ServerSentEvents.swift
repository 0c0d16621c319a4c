import Hummingbird
import NIOCore

/// One Server-Sent Event: a name (none: the default `message` event, as OpenAI's streams send)
/// and its data (several `data:` lines when it holds line breaks).
struct ServerSentEvent: Sendable {
    var event: String?
    var data: [UInt8]

    var encoded: ByteBuffer {
        var text = event.map { "event: \($0)\n" } ?? ""
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.trimmingSuffix("\r"))\n"
        }
        return ByteBuffer(string: text + "\n")
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}

extension Response {
    /// A `text/event-stream` response whose events `produce` sends as they come.
    static func eventStream(_ produce: @escaping @Sendable (AsyncStream<ServerSentEvent>.Continuation) async -> Void) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                let (events, continuation) = AsyncStream<ServerSentEvent>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        await produce(continuation)
                        continuation.finish()
                    }
                    for await event in events { try await writer.write(event.encoded) }
                    try await group.waitForAll()
                }
                try await writer.finish(nil)
            }
        )
    }
}
