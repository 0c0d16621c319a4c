import SkillKit

/// `query`: the host's hybrid retrieval, then, on request, a rerank through the `rerank` skill
/// of a larger candidate set, whose relevance becomes the results' `score` (the retrieval's is
/// kept as `retrieval_score`).
struct QueryRunner: Sendable {
    let configuration: SearchConfiguration

    static let forwardedKeys = ["query", "collection", "collections", "top_k", "min_score", "filter", "mode", "fusion", "rrf_k", "vector_weight", "candidates", "explain"]

    func run(_ input: JSONValue, context: SkillContext) async throws -> JSONValue {
        guard input["collection"] != nil || input["collections"] != nil else {
            throw SkillError(.invalidInput, "collection or collections is required")
        }
        let rerank = input["rerank"] ?? .bool(false)
        guard rerank != .bool(false), rerank != .null else {
            return try await context.store(SearchSkill.forward("query", input, keys: Self.forwardedKeys))
        }
        let topK = input["top_k"]?.intValue ?? 10
        let candidates = rerank["candidates"]?.intValue ?? min(200, max(30, topK * 3))
        var request = SearchSkill.forward("query", input, keys: Self.forwardedKeys.filter { $0 != "min_score" })
        request = request.merging(["top_k": .number(Double(max(candidates, topK)))])
        var retrieved = try await context.store(request)
        let results = retrieved["results"]?.arrayValue ?? []
        guard !results.isEmpty, let query = input["query"]?.stringValue else { return retrieved }

        var rerankInput: [String: JSONValue] = [
            "query": .string(query),
            "documents": .array(results.map { $0["text"] ?? "" }),
            "top_n": .number(Double(min(topK, results.count))),
        ]
        if let model = rerank["model"] { rerankInput["model"] = model }
        let reranked = try await context.invokeSkill(configuration.rerankSkill, capability: "rerank", input: .object(rerankInput))
        let minScore = input["min_score"]?.doubleValue
        let ordered: [JSONValue] = (reranked["results"]?.arrayValue ?? []).compactMap { item in
            guard let index = item["index"]?.intValue, results.indices.contains(index),
                  var result = results[index].objectValue, let relevance = item["relevance_score"]?.doubleValue else { return nil }
            if let minScore, relevance < minScore { return nil }
            result["retrieval_score"] = result["score"]
            result["score"] = .number(relevance)
            return .object(result)
        }
        retrieved = retrieved.merging([
            "results": .array(ordered),
            "rerank": ["skill": .string(configuration.rerankSkill), "provider": reranked["provider"] ?? .null, "model": reranked["model"] ?? .null, "candidates": .number(Double(results.count))],
        ])
        return retrieved
    }
}
