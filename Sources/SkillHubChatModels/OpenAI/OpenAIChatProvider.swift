public import SkillHubCore

/// An OpenAI-compatible chat API: `POST {base}/chat/completions` with `Authorization: Bearer` (OpenAI, DeepSeek,
/// Qwen, Ark, OpenRouter, vLLM, llama.cpp's server), or Azure OpenAI's
/// `POST {base}/openai/deployments/{id}/chat/completions?api-version=…` with an `api-key` header.
///
/// Streams are server-sent events ending with `data: [DONE]`; usage is asked for with `stream_options.include_usage`.
public struct OpenAIChatProvider: ChatProvider {
    public let model: ChatModelSettings.Model
    private let upstream: ChatUpstream

    public init(model: ChatModelSettings.Model, transport: any ChatHTTPTransport) {
        self.model = model
        upstream = ChatUpstream(name: model.name, timeout: model.timeout, transport: transport)
    }

    /// Where requests go.
    public var url: String {
        guard let version = model.azureAPIVersion else { return model.baseURL + "/chat/completions" }
        let deployment = model.baseURL.contains("/openai/deployments/") ? model.baseURL : model.baseURL + "/openai/deployments/" + model.modelID
        return deployment + "/chat/completions?api-version=" + version
    }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let model = model
        return try await upstream.complete(httpRequest(request, stream: false)) { body throws(ChatModelError) in
            try OpenAIChatWire.completion(from: body, model: model)
        }
    }

    public func stream(_ request: ChatRequest, onChunk: @escaping @Sendable (ChatChunk) -> Void) async throws {
        let model = model
        try await upstream.stream(httpRequest(request, stream: true), decoder: OpenAIStreamDecoder(model: model.name), whole: { body throws(ChatModelError) in
            try OpenAIChatWire.completion(from: body, model: model)
        }, onChunk: onChunk)
    }

    func httpRequest(_ request: ChatRequest, stream: Bool) -> ChatHTTPRequest {
        var headers = ["Content-Type": "application/json", "Accept": stream ? "text/event-stream" : "application/json"]
        if let key = model.apiKey {
            if model.azureAPIVersion != nil { headers["api-key"] = key } else { headers["Authorization"] = "Bearer \(key)" }
        }
        return ChatHTTPRequest(url: url, headers: headers, body: OpenAIChatWire.body(of: request, modelID: model.modelID, stream: stream).serialized())
    }
}
