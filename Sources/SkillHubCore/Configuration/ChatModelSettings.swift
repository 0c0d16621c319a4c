/// The chat models SkillHub may call: a list of named models (each an OpenAI-compatible or Ollama API with its
/// model id, key, timeout and fallbacks), the default one, and the models of the internal tasks.
///
/// Read from the seed-001 variables (`MODEL_PROTOCOL_N`, `MODEL_ID_N`, `MODEL_NAME_N`, `MODEL_API_KEY_N`,
/// `MODEL_BASE_URL_N`, `MODEL_FALLBACKS_N`, `MODEL_TIMEOUT_MS_N`, `MODEL_API_VERSION_N` for N = 0, 1, … up to the
/// first missing N), the shorthands `OPENAI_API_KEY`, `OPENROUTER_API_KEY` and `ANTHROPIC_API_KEY` (each adds one
/// OpenAI-compatible model), `CHAT_DEFAULT_MODEL`, and `BUILTIN_CM_*` with its per-task prefixes. With nothing set
/// the list is one model, the local llama-server of the private stack (`LLM_LOCAL_BASE_URL`).
public struct ChatModelSettings: Sendable, Equatable {
    /// The models clients may name, in configuration order.
    public var models: [Model]
    /// The name of the model a request without one gets (`CHAT_DEFAULT_MODEL`, else the first model).
    public var defaultModelName: String
    /// The general internal-task model (`BUILTIN_CM_TYPE` …), when configured.
    public var builtinModel: Model?
    /// The per-task internal models by task prefix in upper case (`M2Q` for `M2Q_BUILTIN_CM_*`).
    public var taskModels: [String: Model]
    /// Settings worth a warning at start-up (an ignored shorthand, a gap in the numbered list).
    public var warnings: [String]

    /// `LLM_LOCAL_BASE_URL`'s default: the private stack's llama-server (`scripts/stack.sh llm-start`).
    public static let defaultLocalBaseURL = "http://127.0.0.1:18090/v1"
    /// The local model's name and model id.
    public static let localModelName = "smollm2"
    /// The timeout of a model without `MODEL_TIMEOUT_MS_N`.
    public static let defaultTimeout: Duration = .seconds(60)
    /// The name of the general internal-task model; a task's is `builtin:<task>` (lower case).
    public static let builtinModelName = "builtin"

    public init(models: [Model], defaultModelName: String? = nil, builtinModel: Model? = nil, taskModels: [String: Model] = [:], warnings: [String] = []) {
        self.models = models
        self.defaultModelName = defaultModelName ?? models.first?.name ?? Self.localModelName
        self.builtinModel = builtinModel
        self.taskModels = taskModels
        self.warnings = warnings
    }

    /// The settings with nothing configured: the local llama-server only.
    public static let local = ChatModelSettings(models: [.local(baseURL: defaultLocalBaseURL)])

    /// The model named `name` (client models first, then the internal ones), if any.
    public func model(named name: String) -> Model? {
        if let model = models.first(where: { $0.name == name }) { return model }
        if builtinModel?.name == name { return builtinModel }
        return taskModels.values.first { $0.name == name }
    }

    /// The default model.
    public var defaultModel: Model {
        model(named: defaultModelName) ?? models.first ?? .local(baseURL: Self.defaultLocalBaseURL)
    }

    /// The model an internal task uses: the task's own (`<TASK>_BUILTIN_CM_*`, each variable falling back to the
    /// general `BUILTIN_CM_*` one), else the general one, else the default chat model.
    ///
    /// - Parameter task: the task's prefix, such as `M2Q` (query rewriting) or `MEM` (memory extraction); any case.
    public func internalModel(for task: String) -> Model {
        taskModels[task.uppercased()] ?? builtinModel ?? defaultModel
    }

    /// The models to try for `name`, in order: the model, then its fallbacks, each followed by its own fallbacks
    /// (depth first), every model once. Empty when no model has that name.
    public func chain(for name: String) -> [Model] {
        var chain: [Model] = []
        var seen: Set<String> = []
        func visit(_ name: String) {
            guard !seen.contains(name), let model = model(named: name) else { return }
            seen.insert(name)
            chain.append(model)
            for fallback in model.fallbacks { visit(fallback) }
        }
        visit(name)
        return chain
    }

    /// The API a model speaks.
    public enum API: String, Sendable, Equatable {
        /// `POST {base}/chat/completions` (OpenAI, Azure OpenAI, DeepSeek, Qwen, Ark, OpenRouter, vLLM, llama.cpp).
        case openAI = "openai"
        /// Ollama's native `POST {base}/api/chat`, streaming NDJSON.
        case ollama
    }

    /// The provider names `MODEL_PROTOCOL_N` and `BUILTIN_CM_TYPE` accept: `openai` and `ollama`, and aliases of
    /// OpenAI-compatible services that bring their default base URL.
    public enum Provider: String, Sendable, Equatable, CaseIterable {
        case openai, azure, ollama, ark, deepseek, qwen, openrouter, gemini

        /// The API the provider speaks.
        public var api: API { self == .ollama ? .ollama : .openAI }

        /// The base URL used when none is set; nil when one is required (Azure).
        public var defaultBaseURL: String? {
            switch self {
            case .openai: "https://api.openai.com/v1"
            case .azure: nil
            case .ollama: "http://127.0.0.1:11434"
            case .ark: "https://ark.cn-beijing.volces.com/api/v3"
            case .deepseek: "https://api.deepseek.com/v1"
            case .qwen: "https://dashscope.aliyuncs.com/compatible-mode/v1"
            case .openrouter: "https://openrouter.ai/api/v1"
            case .gemini: "https://generativelanguage.googleapis.com/v1beta/openai"
            }
        }
    }

    /// One model: where it is, how to call it, what to try when it fails.
    public struct Model: Sendable, Equatable {
        /// The name clients use (`MODEL_NAME_N`, the model id by default).
        public var name: String
        /// The provider's model id (`MODEL_ID_N`), sent as `model`; Azure's deployment name.
        public var modelID: String
        /// The provider named in the configuration.
        public var provider: Provider
        /// The API root without a trailing slash: `…/v1` for OpenAI-compatible APIs, the server root for Ollama.
        public var baseURL: String
        /// Sent as `Authorization: Bearer`, or as `api-key` for Azure; nothing when nil.
        public var apiKey: String?
        /// Azure's `api-version` (`MODEL_API_VERSION_N`): with it, Azure's URL shape and `api-key` header.
        public var azureAPIVersion: String?
        /// The names of the models to try, in order, when this one fails before answering (`MODEL_FALLBACKS_N`).
        public var fallbacks: [String]
        /// How long to wait for the answer to begin, and at most between two parts of a streamed answer
        /// (`MODEL_TIMEOUT_MS_N`); a whole non-streamed answer must arrive within it.
        public var timeout: Duration
        /// The variables that defined the model, for messages (`MODEL_*_0`, `OPENROUTER_API_KEY`, …).
        public var source: String

        public init(
            name: String, modelID: String, provider: Provider, baseURL: String, apiKey: String? = nil, azureAPIVersion: String? = nil,
            fallbacks: [String] = [], timeout: Duration = ChatModelSettings.defaultTimeout, source: String
        ) {
            self.name = name
            self.modelID = modelID
            self.provider = provider
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.azureAPIVersion = azureAPIVersion
            self.fallbacks = fallbacks
            self.timeout = timeout
            self.source = source
        }

        /// The API the model speaks.
        public var api: API { provider.api }

        /// The local llama-server model (`smollm2`).
        public static func local(baseURL: String) -> Model {
            Model(name: ChatModelSettings.localModelName, modelID: ChatModelSettings.localModelName, provider: .openai, baseURL: baseURL, source: "LLM_LOCAL_BASE_URL")
        }
    }
}
