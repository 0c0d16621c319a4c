import SkillHubCore

/// The engine's settings, read from the plugin configuration (keys in lowercase; the
/// host fills them from environment variables of the same name in capitals).
public struct RerankConfiguration: Sendable, Equatable {
    /// Which provider answers `rerank`.
    public enum ProviderKind: String, Sendable, CaseIterable {
        /// BM25 over the candidates, in process.
        case local
        /// A Cohere-shaped `/v1/rerank` endpoint (Cohere, Jina, vLLM, Infinity, …).
        case cohere
        /// Hugging Face Text Embeddings Inference `/rerank`.
        case tei
        /// Volcengine VikingDB knowledge-base rerank, signed with AK/SK.
        case vikingdb
        /// Coze's default: fusion is what retrieval uses; `rerank` still answers, scored in process with BM25
        /// like `local` (its output says `"provider": "local"`), since there is no reranker to call.
        case rrf
    }

    public var kind: ProviderKind
    public var apiURL: String?
    public var apiKey: String?
    public var model: String?
    public var vikingDBHost: String
    public var vikingDBRegion: String
    public var vikingDBAccessKey: String?
    public var vikingDBSecretKey: String?
    public var vikingDBModel: String
    /// The most documents one `rerank` call (or one `fuse` list) may carry.
    public var maxDocuments: Int
    /// The RRF constant `k` used when a `fuse` call gives none.
    public var rrfK: Double

    /// The `default_config` of the plugin descriptor.
    public static let defaults: [String: JSONValue] = [
        "rerank_type": "local",
        "rerank_api_url": "",
        "rerank_api_key": "",
        "rerank_model": "",
        "vikingdb_rerank_host": "api-knowledgebase.mlp.cn-beijing.volces.com",
        "vikingdb_rerank_region": "cn-north-1",
        "vikingdb_rerank_ak": "",
        "vikingdb_rerank_sk": "",
        "vikingdb_rerank_model": "base-multilingual-rerank",
        "rerank_max_documents": .number(Double(defaultMaxDocuments)),
        "rrf_k": .number(defaultRRFK),
    ]

    static let defaultMaxDocuments = 1000
    static let defaultRRFK = 60.0

    /// Reads and checks `configuration`; missing or empty keys take their defaults.
    ///
    /// - Throws: ``RerankError/invalidConfiguration(_:)`` for an unknown `rerank_type`, a
    ///   non-numeric or out-of-range number, or a remote provider without its URL or keys.
    public init(_ configuration: [String: JSONValue]) throws {
        let value = { (key: String) in ConfigValue.string(configuration, key) ?? ConfigValue.string(Self.defaults, key) }
        let typeName = value("rerank_type")?.lowercased() ?? ProviderKind.local.rawValue
        guard let kind = ProviderKind(rawValue: typeName) else {
            let known = ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw RerankError.invalidConfiguration("rerank_type \"\(typeName)\" is not one of \(known)")
        }
        self.kind = kind
        apiURL = value("rerank_api_url")
        apiKey = value("rerank_api_key")
        model = value("rerank_model")
        vikingDBHost = value("vikingdb_rerank_host") ?? ""
        vikingDBRegion = value("vikingdb_rerank_region") ?? ""
        vikingDBAccessKey = value("vikingdb_rerank_ak")
        vikingDBSecretKey = value("vikingdb_rerank_sk")
        vikingDBModel = value("vikingdb_rerank_model") ?? ""
        maxDocuments = try Self.maxDocuments(configuration)
        rrfK = try Self.rrfK(configuration)
        try checkProvider()
    }

    private static func maxDocuments(_ configuration: [String: JSONValue]) throws -> Int {
        let number = try ConfigValue.number(configuration, "rerank_max_documents") ?? Double(defaultMaxDocuments)
        guard let count = Int(exactly: number), count > 0 else {
            throw RerankError.invalidConfiguration("rerank_max_documents must be a whole number above 0, not \(NumberText.describe(number))")
        }
        return count
    }

    private static func rrfK(_ configuration: [String: JSONValue]) throws -> Double {
        let k = try ConfigValue.number(configuration, "rrf_k") ?? defaultRRFK
        guard k >= 0 else { throw RerankError.invalidConfiguration("rrf_k must be 0 or more, not \(NumberText.describe(k))") }
        return k
    }

    private func checkProvider() throws {
        switch kind {
        case .cohere, .tei:
            guard apiURL != nil else {
                throw RerankError.invalidConfiguration("rerank_type \(kind.rawValue) needs rerank_api_url")
            }
        case .vikingdb:
            guard vikingDBAccessKey != nil, vikingDBSecretKey != nil else {
                throw RerankError.invalidConfiguration("rerank_type vikingdb needs vikingdb_rerank_ak and vikingdb_rerank_sk")
            }
            guard !vikingDBHost.isEmpty, !vikingDBRegion.isEmpty, !vikingDBModel.isEmpty else {
                throw RerankError.invalidConfiguration("rerank_type vikingdb needs vikingdb_rerank_host, vikingdb_rerank_region and vikingdb_rerank_model")
            }
        case .local, .rrf:
            break
        }
    }
}
