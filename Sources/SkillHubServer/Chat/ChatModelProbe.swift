import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import SkillHubCore

/// The state of the default chat model for `/api/health` (`services.llm`): its API asked for its
/// models (`GET {base}/models`, what llama.cpp's server, vLLM and OpenAI all answer; Ollama's
/// `GET /api/tags`) with a one-second timeout, the answer kept for ten seconds so that a health
/// poller does not become the model's load. Never part of readiness.
final class ChatModelProbe: Sendable {
    private let model: ChatModelSettings.Model
    private let outbound: OutboundHTTPClient
    private let cached = NIOLockedValueBox<(state: String, at: ContinuousClock.Instant)?>(nil)
    static let freshFor = Duration.seconds(10)

    init(model: ChatModelSettings.Model, outbound: OutboundHTTPClient) {
        self.model = model
        self.outbound = outbound
    }

    /// `healthy`, or `unhealthy: <reason>` naming the model.
    func state() async -> String {
        if let cached = cached.withLockedValue({ $0 }), ContinuousClock.now - cached.at < Self.freshFor { return cached.state }
        let state = await probe()
        cached.withLockedValue { $0 = (state, .now) }
        return state
    }

    private func probe() async -> String {
        let base = model.baseURL.hasSuffix("/") ? String(model.baseURL.dropLast()) : model.baseURL
        var request = HTTPClientRequest(url: model.api == .ollama ? base + "/api/tags" : base + "/models")
        if let key = model.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        do {
            let response = try await outbound.client.execute(request, timeout: .seconds(1))
            _ = try? await response.body.collect(upTo: 1 << 20)
            guard (200..<300).contains(Int(response.status.code)) else {
                return "unhealthy: model '\(model.name)' at \(model.baseURL) answered HTTP \(response.status.code)"
            }
            return "healthy"
        } catch {
            return "unhealthy: model '\(model.name)' at \(model.baseURL) is unreachable (\(error))"
        }
    }
}
