/// How the remote providers send their requests: one whole request, one whole answer.
///
/// ``AsyncHTTPClientEmbeddingTransport`` is the implementation over AsyncHTTPClient; tests may use their own.
/// An implementation should throw ``EmbeddingError/unavailable(_:)`` when the service cannot be reached and
/// ``EmbeddingError/timeout(_:)`` when it does not answer within `timeout`; other errors are reported as unavailable.
public protocol EmbeddingHTTPTransport: Sendable {
    /// Sends a request and returns the answer's status and body, whatever the status.
    func send(method: String, url: String, headers: [String: String], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8])
}
