/// What a provider scores: the query, the documents and how many results are wanted.
struct RerankQuery: Sendable, Equatable {
    var query: String
    var documents: [RerankDocument]
    /// Remote providers may answer only this many (the best); at least 1.
    var topN: Int
    /// The model asked for by the call, overriding the configured one.
    var model: String?
}

/// A relevance score for the document at `index` of the query's documents.
struct ScoredIndex: Sendable, Equatable {
    var index: Int
    var score: Double
}

/// Scores documents against a query: in process or through a remote rerank service.
protocol RerankProvider: Sendable {
    /// Named in results and errors (`local`, `cohere`, `tei`, `vikingdb`).
    var name: String { get }

    /// The model that `query` will be scored with, if the provider has models.
    func model(for query: RerankQuery) -> String?

    /// Scores for some or all of the documents (at least the best `topN`), in any order.
    func score(_ query: RerankQuery) async throws -> [ScoredIndex]
}
