import Foundation
import MemoryEngine
import SkillKit

/// `search`: the store's hybrid retrieval (full text and vectors, fused) over a scope's active
/// memories, each score blended with the memory's hotness, expired memories left out; the
/// memories returned count as used (their hotness rises).
struct MemorySearch: Sendable {
    let configuration: MemoryConfiguration
    let records: MemoryRecords
    let context: SkillContext

    /// The memories for `query`, best first: `[memory + {score, score_parts}]`.
    func search(_ query: String, scope: MemoryScope, topK: Int, threshold: Double?, includeArchived: Bool) async throws -> [JSONValue] {
        let now = context.now
        let candidates = max(topK * 3, 30)
        var results = try await records.query(query, scope: scope, topK: candidates)
        if includeArchived { results += try await records.query(query, scope: scope, state: "archived", topK: candidates) }
        var scored: [(score: Double, memory: JSONValue, id: String)] = []
        var seen: Set<String> = []
        for result in results {
            guard let id = result["document_id"]?.stringValue, seen.insert(id).inserted else { continue }
            let metadata = result["metadata"]
            if let expiry = metadata?["expiration_date"]?.stringValue.flatMap(MemoryRecords.date), expiry <= now { continue }
            let relevance = result["score"]?.doubleValue ?? 0
            let hotness = configuration.decay.hotness.score(
                accessCount: metadata?["access_count"]?.intValue ?? 0, lastUsed: MemoryRecords.lastUsed(metadata) ?? now, now: now
            )
            let score = configuration.decay.score(relevance: relevance, hotness: hotness)
            if let threshold, score < threshold { continue }
            var memory = MemoryRecords.memory([
                "document_id": .string(id), "title": result["title"] ?? result["text"] ?? "", "metadata": metadata ?? [:],
            ]).objectValue ?? [:]
            memory["created_at"] = nil
            memory["score"] = .number(score)
            memory["score_parts"] = [
                "relevance": .number(relevance), "hotness": .number(hotness),
                "hotness_weight": .number(configuration.decay.enabled ? configuration.decay.hotnessWeight : 0),
                "ranks": result["ranks"] ?? [:],
            ]
            scored.append((score, .object(memory), id))
        }
        let best = scored.sorted { $0.score > $1.score }.prefix(topK)
        do {
            try await records.touch(best.map(\.id), now: now)
        } catch {
            context.log(.warning, "memory search: the uses were not counted: \(error)")
        }
        return best.map(\.memory)
    }
}
