public import SkillHubCore

/// Resolves a model name (or the default), calls it, and on a retryable failure before any token moves on through
/// the model's fallback chain (``ChatModelSettings/chain(for:)``). A 400 and the other final errors are never retried,
/// and a stream never switches models once its answer has begun. Answers say which model answered and which failed.
public struct ChatRouter: Sendable {
    public let settings: ChatModelSettings
    private let providers: [String: any ChatProvider]

    /// A router whose providers all use `transport`.
    public init(settings: ChatModelSettings, transport: any ChatHTTPTransport) {
        self.init(settings: settings) { ChatProviderFactory.make($0, transport: transport) }
    }

    /// A router with the providers `makeProvider` gives for each model (the client models and the internal ones).
    public init(settings: ChatModelSettings, makeProvider: (ChatModelSettings.Model) -> any ChatProvider) {
        self.settings = settings
        var providers: [String: any ChatProvider] = [:]
        for model in settings.models + [settings.builtinModel].compactMap({ $0 }) + settings.taskModels.values {
            providers[model.name] = makeProvider(model)
        }
        self.providers = providers
    }

    /// The models to try for a request naming `name` (nil: the default model).
    public func chain(for name: String?) throws(ChatModelError) -> [any ChatProvider] {
        let name = name ?? settings.defaultModelName
        let chain = settings.chain(for: name).compactMap { providers[$0.name] }
        guard !chain.isEmpty else { throw .unknownModel(name) }
        return chain
    }

    /// The whole answer of the first model of the chain that answers.
    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        var failures: [ChatModelAttempt] = []
        for provider in try chain(for: request.model) {
            let started = ContinuousClock.now
            do {
                var answer = try await provider.complete(request)
                answer.failedAttempts = failures
                return answer
            } catch let error as ChatModelError {
                failures.append(ChatModelAttempt(model: provider.model.name, error: error, duration: .now - started))
                guard error.isRetryable, !Task.isCancelled else { throw Self.failure(failures) }
            }
        }
        throw Self.failure(failures)
    }

    /// Streams the answer of the first model of the chain whose answer begins to `onChunk`, piece by piece from the
    /// task that reads the model's connection; returns once the answer is whole, saying which model answered. The
    /// pieces a model sends before its answer begins are held back, so a model that fails then is replaced unseen.
    public func stream(_ request: ChatRequest, onChunk: @escaping @Sendable (ChatChunk) -> Void) async throws -> ChatStreamOutcome {
        var failures: [ChatModelAttempt] = []
        for provider in try chain(for: request.model) {
            let started = ContinuousClock.now
            let opening = ChatStreamOpening(onChunk)
            do {
                try await provider.stream(request) { opening.pass($0) }
                opening.end()
                return ChatStreamOutcome(model: provider.model.name, modelID: provider.model.modelID, failedAttempts: failures)
            } catch let error as ChatModelError {
                guard !opening.hasBegun else { throw error }
                failures.append(ChatModelAttempt(model: provider.model.name, error: error, duration: .now - started))
                guard error.isRetryable, !Task.isCancelled else { throw Self.failure(failures) }
            }
        }
        throw Self.failure(failures)
    }

    /// The error of a failed chain: a single model's own error, or all of them.
    private static func failure(_ failures: [ChatModelAttempt]) -> ChatModelError {
        failures.count == 1 ? failures[0].error : .allModelsFailed(failures)
    }
}
