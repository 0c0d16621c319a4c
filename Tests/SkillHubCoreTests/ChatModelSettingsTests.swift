import Testing

@testable import SkillHubCore

@Suite("Chat model settings")
struct ChatModelSettingsTests {
    func settings(_ environment: [String: String]) throws -> ChatModelSettings {
        try SkillHubConfiguration(environment: environment).chatModels
    }

    func problems(_ environment: [String: String]) throws -> [ConfigurationError.Problem] {
        try #require(throws: ConfigurationError.self) { try SkillHubConfiguration(environment: environment) }.problems
    }

    @Test func withNothingSetTheListIsTheLocalModel() throws {
        let settings = try settings([:])
        #expect(settings.models == [ChatModelSettings.Model(
            name: "smollm2", modelID: "smollm2", provider: .openai, baseURL: "http://127.0.0.1:18090/v1", source: "LLM_LOCAL_BASE_URL"
        )])
        #expect(settings.defaultModelName == "smollm2")
        #expect(settings.internalModel(for: "M2Q").name == "smollm2")
        let moved = try self.settings(["LLM_LOCAL_BASE_URL": "http://127.0.0.1:19999/v1/"])
        #expect(moved.defaultModel.baseURL == "http://127.0.0.1:19999/v1")
    }

    @Test func theNumberedListIsReadUpToTheFirstGap() throws {
        let settings = try settings([
            "MODEL_PROTOCOL_0": "OpenAI", "MODEL_ID_0": "gpt-4o-mini", "MODEL_NAME_0": "fast", "MODEL_API_KEY_0": "sk-zero",
            "MODEL_FALLBACKS_0": "local, backup", "MODEL_TIMEOUT_MS_0": "1500",
            "MODEL_PROTOCOL_1": "ollama", "MODEL_ID_1": "qwen2.5:0.5b", "MODEL_NAME_1": "local",
            "MODEL_PROTOCOL_2": "deepseek", "MODEL_ID_2": "deepseek-chat", "MODEL_NAME_2": "backup",
            "MODEL_ID_4": "ignored",
        ])
        #expect(settings.models.map(\.name) == ["fast", "local", "backup"])
        let fast = settings.models[0]
        #expect(fast.modelID == "gpt-4o-mini" && fast.api == .openAI && fast.baseURL == "https://api.openai.com/v1")
        #expect(fast.apiKey == "sk-zero" && fast.fallbacks == ["local", "backup"] && fast.timeout == .milliseconds(1500))
        #expect(settings.models[1].api == .ollama && settings.models[1].baseURL == "http://127.0.0.1:11434")
        #expect(settings.models[2].provider == .deepseek && settings.models[2].api == .openAI && settings.models[2].baseURL == "https://api.deepseek.com/v1")
        #expect(settings.models[2].timeout == .seconds(60))
        #expect(settings.defaultModelName == "fast")
        #expect(settings.chain(for: "fast").map(\.name) == ["fast", "local", "backup"])
        #expect(settings.warnings.contains { $0.contains("MODEL_*_4") })
    }

    @Test func theNameDefaultsToTheIdAndAliasesAreOpenAICompatible() throws {
        for alias in ["ark", "qwen", "openrouter", "gemini"] {
            let settings = try settings(["MODEL_PROTOCOL_0": alias, "MODEL_ID_0": "m-1", "MODEL_API_KEY_0": "k"])
            #expect(settings.models.first?.name == "m-1")
            #expect(settings.models.first?.api == .openAI)
            #expect(settings.models.first?.baseURL == ChatModelSettings.Provider(rawValue: alias)?.defaultBaseURL)
        }
    }

    @Test func azureNeedsItsEndpointAndVersion() throws {
        let problems = try problems(["MODEL_PROTOCOL_0": "azure", "MODEL_ID_0": "gpt4o-deployment"])
        #expect(problems.map(\.variable).sorted() == ["MODEL_API_VERSION_0", "MODEL_BASE_URL_0"])
        let settings = try settings([
            "MODEL_PROTOCOL_0": "azure", "MODEL_ID_0": "dep", "MODEL_BASE_URL_0": "https://res.openai.azure.com", "MODEL_API_VERSION_0": "2024-10-21",
        ])
        #expect(settings.models[0].azureAPIVersion == "2024-10-21")
    }

    @Test func shorthandsAddOpenAICompatibleModels() throws {
        let settings = try settings([
            "OPENROUTER_API_KEY": "or-key", "OPENAI_API_KEY": "sk-key", "OPENAI_MODEL": "gpt-4.1-mini",
            "ANTHROPIC_API_KEY": "ak", "ANTHROPIC_BASE_URL": "http://127.0.0.1:4000/v1",
        ])
        #expect(settings.models.map(\.name) == ["gpt-4.1-mini", "openai/gpt-4o-mini", "claude-haiku-4-5"])
        #expect(settings.models[1].baseURL == "https://openrouter.ai/api/v1" && settings.models[1].apiKey == "or-key")
        #expect(settings.models[2].baseURL == "http://127.0.0.1:4000/v1" && settings.models[2].source == "ANTHROPIC_API_KEY")
        #expect(settings.defaultModelName == "gpt-4.1-mini")
    }

    @Test func anthropicWithoutAGatewayIsIgnoredWithAWarning() throws {
        let settings = try settings(["ANTHROPIC_API_KEY": "ak"])
        #expect(settings.models.map(\.name) == ["smollm2"])
        #expect(settings.warnings.contains { $0.contains("ANTHROPIC_BASE_URL") })
    }

    @Test func theDefaultModelMustExist() throws {
        let settings = try settings(["MODEL_ID_0": "a", "MODEL_ID_1": "b", "CHAT_DEFAULT_MODEL": "b"])
        #expect(settings.defaultModel.name == "b")
        let problems = try problems(["MODEL_ID_0": "a", "CHAT_DEFAULT_MODEL": "zzz"])
        #expect(problems.map(\.variable) == ["CHAT_DEFAULT_MODEL"])
        #expect(problems[0].message.contains("'zzz'"))
    }

    @Test func badSettingsAreProblemsNamingTheVariable() throws {
        let problems = try problems([
            "MODEL_PROTOCOL_0": "bard", "MODEL_ID_0": "a",
            "MODEL_ID_1": "b", "MODEL_BASE_URL_1": "ftp://example.com",
            "MODEL_PROTOCOL_2": "openai",
            "MODEL_ID_3": "d", "MODEL_FALLBACKS_3": "a,nobody", "MODEL_TIMEOUT_MS_3": "5",
            "MODEL_ID_4": "a",
            "MODEL_ID_5": "f", "MODEL_NAME_5": "two words",
        ])
        let variables = Set(problems.map(\.variable))
        #expect(variables == ["MODEL_PROTOCOL_0", "MODEL_BASE_URL_1", "MODEL_ID_2", "MODEL_FALLBACKS_3", "MODEL_TIMEOUT_MS_3", "MODEL_NAME_4", "MODEL_NAME_5"])
        #expect(problems.first { $0.variable == "MODEL_FALLBACKS_3" }?.message.contains("'nobody'") == true)
    }

    @Test func fallbackCyclesAndSelfReferencesAreProblems() throws {
        let cycle = try problems([
            "MODEL_ID_0": "a", "MODEL_FALLBACKS_0": "b",
            "MODEL_ID_1": "b", "MODEL_FALLBACKS_1": "c",
            "MODEL_ID_2": "c", "MODEL_FALLBACKS_2": "a",
        ])
        #expect(cycle.map(\.variable) == ["MODEL_FALLBACKS_0", "MODEL_FALLBACKS_1", "MODEL_FALLBACKS_2"])
        #expect(cycle[0].message.contains("a → b → c → a"))
        let itself = try problems(["MODEL_ID_0": "a", "MODEL_FALLBACKS_0": "a"])
        #expect(itself.map(\.variable) == ["MODEL_FALLBACKS_0"])
    }

    @Test func sharedFallbacksAreNotCycles() throws {
        let settings = try settings([
            "MODEL_ID_0": "a", "MODEL_FALLBACKS_0": "b,c",
            "MODEL_ID_1": "b", "MODEL_FALLBACKS_1": "c",
            "MODEL_ID_2": "c",
        ])
        #expect(settings.chain(for: "a").map(\.name) == ["a", "b", "c"])
        #expect(settings.chain(for: "nobody").isEmpty)
    }

    @Test func internalTasksFallBackToTheGeneralModelThenTheDefault() throws {
        let settings = try settings([
            "MODEL_ID_0": "chat-model",
            "BUILTIN_CM_TYPE": "openai", "BUILTIN_CM_OPENAI_BASE_URL": "http://127.0.0.1:9000/v1", "BUILTIN_CM_OPENAI_API_KEY": "general-key",
            "BUILTIN_CM_OPENAI_MODEL": "general-model",
            "M2Q_BUILTIN_CM_OPENAI_MODEL": "rewrite-model",
            "MEM_BUILTIN_CM_TYPE": "ollama", "MEM_BUILTIN_CM_OLLAMA_MODEL": "qwen2.5:1.5b",
        ])
        let general = settings.internalModel(for: "OTHER")
        #expect(general.name == "builtin" && general.modelID == "general-model" && general.apiKey == "general-key")
        let rewrite = settings.internalModel(for: "m2q")
        #expect(rewrite.name == "builtin:m2q" && rewrite.modelID == "rewrite-model")
        #expect(rewrite.baseURL == "http://127.0.0.1:9000/v1" && rewrite.apiKey == "general-key")
        let memory = settings.internalModel(for: "MEM")
        #expect(memory.api == .ollama && memory.modelID == "qwen2.5:1.5b" && memory.baseURL == "http://127.0.0.1:11434")
        #expect(settings.model(named: "builtin:mem") == memory)
        #expect(settings.models.map(\.name) == ["chat-model"])

        let onlyDefault = try self.settings(["MODEL_ID_0": "chat-model"])
        #expect(onlyDefault.internalModel(for: "MEM").name == "chat-model")
    }

    @Test func badInternalTaskSettingsNameTheVariable() throws {
        let problems = try problems([
            "BUILTIN_CM_TYPE": "openai",
            "M2Q_BUILTIN_CM_TYPE": "bard",
            "MEM_BUILTIN_CM_TYPE": "ark", "MEM_BUILTIN_CM_ARK_MODEL": "ep-1", "MEM_BUILTIN_CM_ARK_BASE_URL": "not a url",
        ])
        let variables = Set(problems.map(\.variable))
        #expect(variables == ["BUILTIN_CM_OPENAI_MODEL", "M2Q_BUILTIN_CM_TYPE", "M2Q_BUILTIN_CM_OPENAI_MODEL", "MEM_BUILTIN_CM_ARK_BASE_URL"])
    }

    @Test func theSummaryMasksKeys() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "MODEL_ID_0": "m", "MODEL_API_KEY_0": "sk-very-secret", "BUILTIN_CM_TYPE": "openai", "BUILTIN_CM_OPENAI_MODEL": "x",
            "BUILTIN_CM_OPENAI_API_KEY": "another-secret",
        ])
        let text = configuration.maskedSummary.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
        #expect(!text.contains("sk-very-secret") && !text.contains("another-secret"))
        #expect(text.contains("MODEL_*_0=name=m provider=openai id=m"))
        #expect(text.contains("CHAT_DEFAULT_MODEL=m"))
    }
}
