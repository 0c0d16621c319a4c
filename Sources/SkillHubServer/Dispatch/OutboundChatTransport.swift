import SkillHubChatModels

/// The chat model providers' HTTP through the server's shared AsyncHTTPClient (made on first use,
/// shut down with ``OutboundHTTPClient``).
struct OutboundChatTransport: ChatHTTPTransport {
    let outbound: OutboundHTTPClient

    func stream(_ request: ChatHTTPRequest, timeout: Duration) async throws -> ChatHTTPStreamingResponse {
        try await AsyncHTTPClientChatTransport(client: outbound.client).stream(request, timeout: timeout)
    }
}
