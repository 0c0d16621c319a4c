import NIOCore
import NIOHTTP1

/// Runs one request/response exchange at a time on a kept-alive HTTP/1.1 connection.
///
/// Sits after NIO's HTTP client handlers (`addHTTPClientHandlers`). Everything here
/// runs on the channel's event loop; callers reach it through ``PooledConnection/handler``.
final class HTTPExchangeHandler: ChannelInboundHandler, NIOScheduledCallbackHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// One request, encoded as head, body and end and flushed once.
    struct Request: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer
        /// When the exchange fails with ``EndpointHTTPError/timedOut`` and the connection is closed.
        var deadline: NIODeadline
        var maximumResponseBytes: Int
    }

    /// How an exchange ended.
    struct Outcome: Sendable {
        var result: Result<EndpointHTTPResponse, EndpointHTTPError>
        /// Whether the connection may carry another exchange (otherwise it is closed or closing).
        var reusable: Bool
        /// Whether any of the request was handed to the channel (false: the connection was already closed).
        var requestSent: Bool
    }

    typealias Completion = UnsafeContinuation<Outcome, Never>

    private var context: ChannelHandlerContext?
    private var completion: Completion?
    private var timeout: NIOScheduledCallback?
    private var maximumResponseBytes = 0
    private var responseHead: HTTPResponseHead?
    private var responseBody: ByteBuffer?
    private var isClosed = false

    init() {}

    /// Writes `request` with one flush; `completion` is resumed exactly once, on this event loop.
    func start(_ request: Request, completion: Completion) {
        guard let context, !isClosed, context.channel.isActive else {
            completion.resume(returning: Outcome(result: .failure(.closedBeforeResponse), reusable: false, requestSent: false))
            return
        }
        guard self.completion == nil else {
            assertionFailure("a pooled connection was handed out twice")
            close()
            completion.resume(returning: Outcome(result: .failure(.invalidResponse("connection already busy")), reusable: false, requestSent: false))
            return
        }
        do {
            timeout = try context.eventLoop.assumeIsolated().scheduleCallback(at: request.deadline, handler: self)
        } catch {
            close()
            completion.resume(returning: Outcome(result: .failure(.shutDown), reusable: false, requestSent: false))
            return
        }
        self.completion = completion
        maximumResponseBytes = request.maximumResponseBytes
        responseHead = nil
        responseBody = nil

        context.write(Self.wrapOutboundOut(.head(request.head)), promise: nil)
        if request.body.readableBytes > 0 {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        }
        // A failed write closes the channel; channelInactive then fails the exchange.
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(.closedBeforeResponse, closing: false)
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard completion != nil else {
            // An answer nobody asked for: the connection is out of step.
            close()
            return
        }
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            // RFC 9110 §15: a status outside 100...599 is invalid (NIO's parser takes any three digits).
            guard (100...599).contains(head.status.code) else {
                fail(.invalidResponse("status \(head.status.code) is outside 100...599"), closing: true)
                return
            }
            responseHead = head
        case .body(var chunk):
            let total = (responseBody?.readableBytes ?? 0) + chunk.readableBytes
            guard total <= maximumResponseBytes else {
                fail(.responseTooLarge(maximumResponseBytes), closing: true)
                return
            }
            responseBody.setOrWriteBuffer(&chunk)
        case .end:
            guard let head = responseHead else {
                fail(.invalidResponse("response ended before its head"), closing: true)
                return
            }
            let body = responseBody ?? context.channel.allocator.buffer(capacity: 0)
            let keepAlive = head.isKeepAlive
            guard let completion = takeCompletion() else { return }
            if !keepAlive { close() }
            completion.resume(
                returning: Outcome(
                    result: .success(EndpointHTTPResponse(status: Int(head.status.code), headers: head.headers, body: body)),
                    reusable: keepAlive,
                    requestSent: true
                )
            )
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        fail(responseHead != nil ? .closedDuringResponse : .closedBeforeResponse, closing: false)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure: EndpointHTTPError
        switch error {
        case HTTPParserError.invalidEOFState:
            // The connection closed with part of a response parsed.
            failure = .closedDuringResponse
        case let parserError as HTTPParserError:
            failure = .invalidResponse(String(describing: parserError))
        default:
            failure = responseHead != nil ? .closedDuringResponse : .closedBeforeResponse
        }
        // Failed before closing: closing runs channelInactive, which would fail it with a vaguer error.
        fail(failure, closing: true)
        close()
    }

    /// The exchange's deadline passed: fail it and close the connection.
    func handleScheduledCallback(eventLoop: some EventLoop) {
        timeout = nil
        fail(.timedOut, closing: true)
    }

    /// Fails the current exchange, if any; closes the channel first when `closing`.
    private func fail(_ error: EndpointHTTPError, closing: Bool) {
        guard let completion = takeCompletion() else { return }
        if closing { close() }
        completion.resume(returning: Outcome(result: .failure(error), reusable: false, requestSent: true))
    }

    /// Ends the current exchange: cancels its timeout and forgets its response.
    private func takeCompletion() -> Completion? {
        guard let completion else { return nil }
        self.completion = nil
        timeout?.cancel()
        timeout = nil
        responseHead = nil
        responseBody = nil
        return completion
    }

    private func close() {
        guard !isClosed else { return }
        isClosed = true
        context?.close(promise: nil)
    }
}
