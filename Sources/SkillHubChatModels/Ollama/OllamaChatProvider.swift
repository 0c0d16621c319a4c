public import SkillHubCore

/// Ollama's native chat API: `POST {base}/api/chat`, streaming NDJSON lines that end with `"done": true`.
///
/// Tool call arguments go out and come back as objects; they are exposed as JSON text like OpenAI's, and Ollama's
/// calls, which have no ids, get `call_0`, `call_1`, ….
public struct OllamaChatProvider: ChatProvider {
    public let model: ChatModelSettings.Model
    private let upstream: ChatUpstream

    public init(model: ChatModelSettings.Model, transport: any ChatHTTPTransport) {
        self.model = model
        upstream = ChatUpstream(name: model.name, timeout: model.timeout, transport: transport)
    }

    /// Where requests go.
    public var url: String { model.baseURL + "/api/chat" }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let model = model
        return try await upstream.complete(try httpRequest(request, stream: false)) { body throws(ChatModelError) in
            try OllamaChatWire.completion(from: body, model: model)
        }
    }

    public func stream(_ request: ChatRequest, onChunk: @escaping @Sendable (ChatChunk) -> Void) async throws {
        try await upstream.stream(try httpRequest(request, stream: true), decoder: OllamaStreamDecoder(model: model.name), onChunk: onChunk)
    }

    func httpRequest(_ request: ChatRequest, stream: Bool) throws(ChatModelError) -> ChatHTTPRequest {
        var headers = ["Content-Type": "application/json", "Accept": stream ? "application/x-ndjson" : "application/json"]
        if let key = model.apiKey { headers["Authorization"] = "Bearer \(key)" }
        return ChatHTTPRequest(url: url, headers: headers, body: try OllamaChatWire.body(of: request, modelID: model.modelID, stream: stream).serialized())
    }
}
