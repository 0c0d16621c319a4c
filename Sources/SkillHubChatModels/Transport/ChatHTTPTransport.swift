/// How the providers reach a chat API. ``AsyncHTTPClientChatTransport`` is the implementation; tests may use their own.
///
/// Implementations throw ``ChatHTTPTransportError`` (or `CancellationError` when the task is cancelled); other errors
/// count as ``ChatHTTPTransportError/unreachable(_:)``.
public protocol ChatHTTPTransport: Sendable {
    /// POSTs `request` and returns the answer's head once it arrives within `timeout`; the body streams after it.
    /// Cancelling the task that reads the body cancels the request.
    func stream(_ request: ChatHTTPRequest, timeout: Duration) async throws -> ChatHTTPStreamingResponse
}

extension ChatHTTPTransport {
    /// POSTs `request` and reads the whole answer (at most `limit` bytes).
    public func send(_ request: ChatHTTPRequest, timeout: Duration, limit: Int = 32 << 20) async throws -> (status: Int, body: [UInt8]) {
        let response = try await stream(request, timeout: timeout)
        let body = try await response.body.collect(upTo: limit)
        return (response.status, body)
    }
}
