import RerankEngine
import SkillKit

/// Sends the engine's HTTP requests through the host's client (`SkillContext.http`).
struct HostTransport: Sendable {
    let context: SkillContext

    func send(_ request: HostHTTPRequest) async throws -> HostHTTPResponse {
        try await context.http(request)
    }
}
