import Foundation
import SkillHubCore

/// The `rerank` skill without its plugin wrapping: `fuse` (reciprocal rank fusion) and
/// `rerank` (local BM25 or a remote provider chosen by `rerank_type`).
///
/// ```swift
/// let engine = try RerankEngine(configuration: ["rerank_type": "local"], transport: { _ in throw MyError.offline })
/// let output = try await engine.rerank(["query": "capital of France", "documents": ["Paris is…", "Berlin is…"]])
/// ```
public struct RerankEngine: Sendable {
    public let configuration: RerankConfiguration
    private let fusion: FusionService
    private let reranking: RerankService

    /// Reads `configuration` and builds the provider it names.
    ///
    /// - Parameters:
    ///   - transport: the only way out to remote providers.
    ///   - clock: the time requests are signed with (VikingDB).
    /// - Throws: ``RerankError/invalidConfiguration(_:)``.
    public init(configuration: [String: JSONValue], transport: @escaping HostHTTPTransport, clock: @escaping @Sendable () -> Date = Date.init) throws {
        let settings = try RerankConfiguration(configuration)
        self.configuration = settings
        fusion = FusionService(defaultK: settings.rrfK, maxItemsPerList: settings.maxDocuments)
        let provider: any RerankProvider = switch settings.kind {
        case .local: LocalProvider()
        case .cohere: try CohereProvider(configuration: settings, transport: transport)
        case .tei: try TEIProvider(configuration: settings, transport: transport)
        case .vikingdb: try VikingDBProvider(configuration: settings, transport: transport, clock: clock)
        // rrf names no reranker: a plain rerank call is still answered, scored in process.
        case .rrf: LocalProvider()
        }
        reranking = RerankService(provider: provider, maxDocuments: settings.maxDocuments)
    }

    /// Fuses ranked lists: `{"lists": [[id | {"id", …}, …], …], "k"?, "top_n"?}`.
    ///
    /// - Throws: ``RerankError/invalidInput(_:)``.
    public func fuse(_ input: JSONValue) throws -> FusionOutput {
        try fusion.fuse(try InputReader.object(input))
    }

    /// Reorders documents by relevance to a query:
    /// `{"query", "documents": [text | {"id"?, "text", "metadata"?}], "top_n"?, "return_documents"?, "model"?}`.
    ///
    /// - Throws: ``RerankError``: invalid input or a provider failure. With `rerank_type` `rrf`, BM25 in
    ///   process scores (`provider` `local` in the output).
    public func rerank(_ input: JSONValue) async throws -> RerankOutput {
        try await reranking.rerank(try InputReader.object(input))
    }

    /// Decodes `bytes` as JSON and fuses.
    public func fuse(json bytes: [UInt8]) throws -> FusionOutput {
        try fusion.fuse(try InputReader.object(bytes))
    }

    /// Decodes `bytes` as JSON and reranks.
    public func rerank(json bytes: [UInt8]) async throws -> RerankOutput {
        try await reranking.rerank(try InputReader.object(bytes))
    }
}
