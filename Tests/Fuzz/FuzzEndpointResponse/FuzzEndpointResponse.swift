import Dispatch
@testable import EndpointHTTP
import FuzzSupport
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// The remote-endpoint client's response reading: NIO's HTTP/1.1 response parser and
/// `HTTPExchangeHandler` over an embedded channel, the bytes arriving in two reads cut where the
/// first byte says. Every exchange ends exactly once — a response within the size limit, or an
/// error — and a response is kept alive only when its head says so.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEndpointResponse(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let (choice, rest) = FuzzInput(start, count).selector
    let response = Array(rest)
    let done = DispatchSemaphore(value: 0)
    Task {
        await exchange(response, cut: Int(choice), maximumResponseBytes: 256)
        done.signal()
    }
    done.wait()
    return 0
}

private func exchange(_ response: [UInt8], cut: Int, maximumResponseBytes: Int) async {
    let outcome = await withUnsafeContinuation { (completion: HTTPExchangeHandler.Completion) in
        let channel = EmbeddedChannel()
        let handler = HTTPExchangeHandler()
        do {
            try channel.pipeline.syncOperations.addHTTPClientHandlers(leftOverBytesStrategy: .fireError)
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        } catch {
            fatalError("cannot set up the embedded channel: \(error)")
        }
        let request = HTTPExchangeHandler.Request(
            head: HTTPRequestHead(version: .http1_1, method: .POST, uri: "/invoke", headers: ["Host": "fuzz"]),
            body: ByteBuffer(string: "{}"),
            deadline: .distantFuture,
            maximumResponseBytes: maximumResponseBytes
        )
        handler.start(request, completion: completion)
        let split = min(cut, response.count)
        for part in [response[..<split], response[split...]] where !part.isEmpty {
            _ = try? channel.writeInbound(ByteBuffer(bytes: part))
        }
        // A channel the handler closed already makes `finish` throw before it runs the loop's queued
        // tasks, among them the pipeline's teardown: run them, or every such input leaks its channel.
        _ = try? channel.finish()
        channel.embeddedEventLoop.run()
    }
    if case .success(let answer) = outcome.result {
        fuzzInvariant(answer.body.readableBytes <= maximumResponseBytes, "a body of \(answer.body.readableBytes) bytes passed the limit")
        fuzzInvariant((100...599).contains(answer.status), "status \(answer.status)")
    }
}
