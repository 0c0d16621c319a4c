import SkillHubCore

/// The `rerank` capability: parses the input, asks the provider, orders and trims the scores.
struct RerankService: Sendable {
    /// Nil when the configuration offers fusion only.
    var provider: (any RerankProvider)?
    var maxDocuments: Int

    func rerank(_ input: [String: JSONValue]) async throws -> RerankOutput {
        guard let provider else {
            throw RerankError.unsupported("rerank is not available with rerank_type rrf (fusion only): use the fuse capability, or set RERANK_TYPE to local, cohere, tei or vikingdb")
        }
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
