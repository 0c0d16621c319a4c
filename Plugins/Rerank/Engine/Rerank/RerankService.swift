import SkillHubCore

/// The `rerank` capability: parses the input, asks the provider, orders and trims the scores.
struct RerankService: Sendable {
    /// The scorer: ``LocalProvider`` for `rerank_type` `local` and `rrf` (which names no reranker).
    var provider: any RerankProvider
    var maxDocuments: Int

    func rerank(_ input: [String: JSONValue]) async throws -> RerankOutput {
        let request = try RerankRequest(input, maxDocuments: maxDocuments)
        let query = RerankQuery(query: request.query, documents: request.documents, topN: request.topN, model: request.model)
        let scores = try await provider.score(query)
        let ordered = scores.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        let results = ordered.prefix(request.topN).map { scored in
            let document = request.documents[scored.index]
            return RerankResult(
                index: scored.index,
                relevanceScore: scored.score,
                id: document.id,
                document: request.returnDocuments ? ReturnedDocument(text: document.text, metadata: document.metadata) : nil
            )
        }
        return RerankOutput(results: Array(results), provider: provider.name, model: provider.model(for: query))
    }
}
