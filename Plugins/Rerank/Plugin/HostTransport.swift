import RerankEngine
import SkillKit

/// Sends the engine's HTTP requests through the host's client (`SkillContext.http`).
struct HostTransport: Sendable {
    let context: SkillContext

    func send(_ request: RerankHTTPRequest) async throws -> RerankHTTPResponse {
        let response = try await context.http(HostHTTPRequest(
            method: request.method, url: request.url, headers: request.headers, body: request.body, timeout: request.timeout
        ))
        return RerankHTTPResponse(status: response.status, headers: response.headers, body: response.body)
    }
}
