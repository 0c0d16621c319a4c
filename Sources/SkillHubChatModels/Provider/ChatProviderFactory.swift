public import SkillHubCore

/// Makes the provider of a configured model.
public enum ChatProviderFactory {
    /// An ``OpenAIChatProvider`` or an ``OllamaChatProvider``, by the model's API.
    public static func make(_ model: ChatModelSettings.Model, transport: any ChatHTTPTransport) -> any ChatProvider {
        switch model.api {
        case .openAI: OpenAIChatProvider(model: model, transport: transport)
        case .ollama: OllamaChatProvider(model: model, transport: transport)
        }
    }
}
