/// What a search of one HNSW layer found, best first, and whether it stopped at its visit budget.
struct LayerSearchResult {
    var results: [ScoredSlot]
    var exhaustedBudget: Bool
}
