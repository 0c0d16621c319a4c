import SkillHubCore

/// The `fuse` capability: parses the input, fuses, trims to `top_n`.
struct FusionService: Sendable {
    var defaultK: Double
    var maxItemsPerList: Int

    func fuse(_ input: [String: JSONValue]) throws -> FusionOutput {
        let request = try FusionRequest(input, maxItemsPerList: maxItemsPerList)
        let k = request.k ?? defaultK
        let fused = ReciprocalRankFusion(k: k).fuse(request.lists)
        let kept = fused.prefix(request.topN ?? fused.count)
        return FusionOutput(k: k, results: kept.map { ranking in
            FusionResult(id: ranking.id, score: ranking.score, ranks: ranking.ranks, item: request.items[ranking.id].map(JSONValue.object))
        })
    }
}
