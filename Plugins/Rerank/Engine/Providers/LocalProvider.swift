/// Scores in process with ``BM25Scorer``; each score is divided by the best one, so the
/// most relevant document scores 1 and a document sharing no term with the query scores 0.
struct LocalProvider: RerankProvider {
    var scorer = BM25Scorer()
    let name = "local"

    func model(for query: RerankQuery) -> String? { nil }

    func score(_ query: RerankQuery) async throws -> [ScoredIndex] {
        let raw = scorer.scores(query: query.query, documents: query.documents.map(\.text))
        let best = raw.max() ?? 0
        return raw.enumerated().map { index, score in
            ScoredIndex(index: index, score: best > 0 ? score / best : 0)
        }
    }
}
