import NIOCore
import NIOHTTP1

/// Answers by path:
/// - `/delay/MS...`: echoes after MS milliseconds;
/// - `/close...`: echoes with `Connection: close`, then closes;
/// - `/http10...`: echoes as HTTP/1.0 without keep-alive, then closes;
/// - `/big/N`: N bytes of `x`;
/// - `/drop`: closes without answering;
/// - `/partial`: a head announcing 1000 bytes, 10 of them, then closes;
/// - `/garbage`: bytes that are not HTTP;
/// - `/status/NNN`: an empty answer with the status line `HTTP/1.1 NNN`, whatever the digits;
/// - anything else: 200 echoing the body (`Content-Type` echoed, `X-Echo-Custom` = request's `X-Custom`).
final class TestHTTPServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: TestHTTPServerLog
    private let keepingRequests: Bool
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var answering = false

    init(log: TestHTTPServerLog, keepingRequests: Bool) {
        self.log = log
        self.keepingRequests = keepingRequests
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body = nil
            answering = true
        case .body(var chunk):
            if var body { self.body = nil; body.writeBuffer(&chunk); self.body = body } else { body = chunk }
        case .end:
            guard let head else { return }
            let body = self.body ?? context.channel.allocator.buffer(capacity: 0)
            self.head = nil
            self.body = nil
            log.received(RecordedRequest(head: head, body: Array(body.readableBytesView)), keepingRequest: keepingRequests)
            answer(head, body: body, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent, !answering {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func answer(_ request: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        let path = request.uri
        if path.hasPrefix("/delay/") {
            let milliseconds = Int64(path.dropFirst("/delay/".count).prefix { $0.isNumber }) ?? 0
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(milliseconds)) {
                self.echo(request, body: body, context: context)
            }
        } else if path.hasPrefix("/close") {
            echo(request, body: body, context: context, extraHeader: ("Connection", "close"), thenClose: true)
        } else if path.hasPrefix("/http10") {
            echo(request, body: body, context: context, version: .http1_0, thenClose: true)
        } else if path.hasPrefix("/big/") {
            let size = Int(path.dropFirst("/big/".count)) ?? 0
            var big = context.channel.allocator.buffer(capacity: size)
            big.writeRepeatingByte(UInt8(ascii: "x"), count: size)
            write(status: .ok, headers: ["Content-Length": String(size)], body: big, context: context)
        } else if path == "/drop" {
            context.close(promise: nil)
        } else if path == "/partial" {
            context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "1000"]))), promise: nil)
            var part = context.channel.allocator.buffer(capacity: 10)
            part.writeRepeatingByte(UInt8(ascii: "y"), count: 10)
            context.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(part)))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else if path == "/garbage" {
            writeRaw("THIS IS NOT HTTP\r\n\r\n", context: context)
        } else if path.hasPrefix("/status/") {
            writeRaw("HTTP/1.1 \(path.dropFirst("/status/".count)) Whatever\r\nContent-Length: 0\r\n\r\n", context: context)
        } else {
            echo(request, body: body, context: context)
        }
    }

    /// Writes `text` below the HTTP encoder, straight to the socket.
    private func writeRaw(_ text: String, context: ChannelHandlerContext) {
        guard let raw = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self) else {
            context.close(promise: nil)
            return
        }
        raw.writeAndFlush(NIOAny(ByteBuffer(string: text)), promise: nil)
    }

    private func echo(
        _ request: HTTPRequestHead,
        body: ByteBuffer,
        context: ChannelHandlerContext,
        version: HTTPVersion = .http1_1,
        extraHeader: (String, String)? = nil,
        thenClose: Bool = false
    ) {
        var headers: HTTPHeaders = ["Content-Length": String(body.readableBytes)]
        if let type = request.headers.first(name: "Content-Type") { headers.add(name: "Content-Type", value: type) }
        if let custom = request.headers.first(name: "X-Custom") { headers.add(name: "X-Echo-Custom", value: custom) }
        if let extraHeader { headers.add(name: extraHeader.0, value: extraHeader.1) }
        write(status: .ok, headers: headers, body: body, context: context, version: version, thenClose: thenClose)
    }

    private func write(
        status: HTTPResponseStatus,
        headers: HTTPHeaders,
        body: ByteBuffer,
        context: ChannelHandlerContext,
        version: HTTPVersion = .http1_1,
        thenClose: Bool = false
    ) {
        answering = false
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if body.readableBytes > 0 {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.writeAndFlush(Self.wrapOutboundOut(.end(nil)))
        if thenClose {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
