import SkillHubEmbeddings

/// The embedding providers' HTTP through the server's shared AsyncHTTPClient (made on first
/// use, shut down with ``OutboundHTTPClient``).
struct OutboundEmbeddingTransport: EmbeddingHTTPTransport {
    let outbound: OutboundHTTPClient

    func send(method: String, url: String, headers: [String: String], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8]) {
        try await AsyncHTTPClientEmbeddingTransport(client: outbound.client).send(method: method, url: url, headers: headers, body: body, timeout: timeout)
    }
}
