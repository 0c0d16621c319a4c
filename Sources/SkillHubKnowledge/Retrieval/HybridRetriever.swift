import Foundation
import SkillHubCore
import SkillHubEmbeddings
import SkillHubStorage

/// The `query` operation: the full-text channel (the in-memory BM25 term indexes) and the vector
/// channel (the in-memory vector indexes) each retrieve candidates from ready documents, then the
/// fusion ranks them.
/// Every result carries each channel's rank and score; `explain` adds the fusion's terms.
struct HybridRetriever: Sendable {
    let collections: CollectionRepository
    let search: ChunkSearchRepository
    let terms: any FullTextSearching
    let vectors: any VectorSearching
    let provider: any EmbeddingProvider
    let tokenizer: Tokenizer

    enum Mode: String {
        case hybrid, vector, fulltext
    }

    func query(_ request: RequestFields, in namespace: PluginDataNamespace) async throws -> JSONValue {
        let started = ContinuousClock.now
        let references = try request.strings("collections") ?? (try request.string("collection")).map { [$0] } ?? []
        guard !references.isEmpty else { throw request.invalid("collections", "is required (a list of collection names or ids)") }
        guard references.count <= 20 else { throw request.invalid("collections", "names at most 20 collections") }
        let text = try request.requiredString("query")
        guard text.count <= 4000 else { throw request.invalid("query", "is longer than 4000 characters") }
        let mode = Mode(rawValue: try request.choice("mode", from: ["hybrid", "vector", "fulltext"], default: "hybrid")) ?? .hybrid
        let topK = try request.integer("top_k", default: 10, in: 1...200)
        let candidates = try request.integer("candidates", default: max(50, topK * 5), in: topK...2000)
        let minScore = try request.number("min_score", in: -1...1000)
        let filter = try request.object("filter")
        let explain = request.fields["explain"] == .bool(true)
        let fusion: ScoreFusion
        switch try request.choice("fusion", from: ["rrf", "weighted"], default: "rrf") {
        case "weighted":
            let vectorWeight = try request.number("vector_weight", in: 0...1) ?? 0.5
            fusion = .weighted(weights: [1 - vectorWeight, vectorWeight])
        default:
            fusion = .reciprocalRank(k: try request.number("rrf_k", in: 1...1000) ?? 60)
        }

        let handles = try await collections.resolve(references, in: namespace)
        var channels: [String: JSONValue] = [:]
        // The metadata filter as the ids of the chunks it allows, for both channels.
        let allowed = try await filter.asyncMap { try await search.chunkIDs(collections: handles.map(\.id), matching: $0) }

        // Full text: the host's own terms, BM25 over the chunks holding any of them.
        var fullText: [(id: Int64, score: Double)] = []
        if mode != .vector {
            let queryTerms = tokenizer.tokens(text)
            if !queryTerms.isEmpty {
                for handle in handles {
                    fullText += try await terms.best(matching: queryTerms, in: handle, k: candidates, allowed: allowed)
                }
                fullText = Self.best(fullText, limit: candidates)
            }
            channels["fulltext"] = ["hits": .number(Double(fullText.count))]
        }

        // Vectors: collections that serve the provider's model; a collection being re-embedded
        // has no vectors the query can be compared with until the re-embedding finishes.
        var vector: [(id: Int64, score: Double)] = []
        var embeddingTime = Duration.zero
        if mode != .fulltext {
            let served = handles.filter { $0.servesVectors(of: provider.model) }
            let skipped = handles.filter { !served.contains($0) }
            var note: [String: JSONValue] = [:]
            if !skipped.isEmpty {
                note["skipped"] = .array(skipped.map { handle in
                    .string("\(handle.name): " + (handle.nextModel != nil ? "re-embedding with \(handle.nextModel ?? "") in progress" : "embedded with \(handle.model), not \(provider.model)"))
                })
            }
            if !served.isEmpty {
                do {
                    let embeddingStarted = ContinuousClock.now
                    let embedded = try await provider.embed([text], purpose: .query)
                    embeddingTime = ContinuousClock.now - embeddingStarted
                    guard let queryVector = embedded.vectors.first else { throw EmbeddingError.badAnswer("no vector for the query") }
                    for handle in served {
                        let hits = try await vectors.nearest(to: queryVector, in: handle, k: candidates, allowed: allowed)
                        vector += hits.map { (id: $0.id, score: Double($0.score)) }
                    }
                    vector = Self.best(vector, limit: candidates)
                } catch let error as EmbeddingError where mode == .hybrid {
                    note["skipped_all"] = .string("the embedding provider failed: \(error)")
                }
            }
            note["hits"] = .number(Double(vector.count))
            channels["vector"] = .object(note)
        }

        let ranked: [(id: Int64, score: Double)] = switch mode {
        case .fulltext: fullText
        case .vector: vector
        case .hybrid: fusion.fuse([fullText, vector])
        }
        let fullTextRanks = Self.ranks(fullText)
        let vectorRanks = Self.ranks(vector)
        let kept = ranked.filter { minScore == nil || $0.score >= (minScore ?? 0) }.prefix(topK)
        let details = try await search.chunks(kept.map(\.id))
        let results: [JSONValue] = kept.compactMap { hit in
            guard var chunk = details[hit.id]?.objectValue else { return nil }
            chunk["score"] = .number(hit.score)
            chunk["ranks"] = ["fulltext": Self.json(fullTextRanks[hit.id]?.rank), "vector": Self.json(vectorRanks[hit.id]?.rank)]
            chunk["scores"] = ["fulltext": Self.json(fullTextRanks[hit.id]?.score), "vector": Self.json(vectorRanks[hit.id]?.score)]
            if explain, mode == .hybrid {
                chunk["explain"] = .string(Self.explanation(fusion, fullTextRanks[hit.id], vectorRanks[hit.id], score: hit.score))
            }
            return .object(chunk)
        }
        var answer: [String: JSONValue] = [
            "results": .array(results), "mode": .string(mode.rawValue), "channels": .object(channels),
            "timings": [
                "embedding_ms": .number(embeddingTime.inMilliseconds),
                "retrieval_ms": .number((ContinuousClock.now - started - embeddingTime).inMilliseconds),
            ],
        ]
        if mode == .hybrid {
            answer["fusion"] = switch fusion {
            case .reciprocalRank(let k): ["method": "rrf", "k": .number(k)]
            case .weighted(let weights): ["method": "weighted", "weights": ["fulltext": .number(weights[0]), "vector": .number(weights[1])]]
            }
        }
        answer["embedding_model"] = .string(provider.model)
        return .object(answer)
    }

    /// The best `limit` hits of several collections, best first (equal scores by id).
    private static func best(_ hits: [(id: Int64, score: Double)], limit: Int) -> [(id: Int64, score: Double)] {
        Array(hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }.prefix(limit))
    }

    private static func ranks(_ hits: [(id: Int64, score: Double)]) -> [Int64: (rank: Int, score: Double)] {
        var ranks: [Int64: (rank: Int, score: Double)] = [:]
        for (index, hit) in hits.enumerated() where ranks[hit.id] == nil {
            ranks[hit.id] = (index + 1, hit.score)
        }
        return ranks
    }

    private static func json(_ number: (some BinaryInteger)?) -> JSONValue {
        number.map { .number(Double($0)) } ?? .null
    }

    private static func json(_ number: Double?) -> JSONValue {
        number.map(JSONValue.number) ?? .null
    }

    private static func explanation(_ fusion: ScoreFusion, _ fullText: (rank: Int, score: Double)?, _ vector: (rank: Int, score: Double)?, score: Double) -> String {
        switch fusion {
        case .reciprocalRank(let k):
            let terms = [fullText.map { "1/(\(Int(k)) + \($0.rank)) [fulltext]" }, vector.map { "1/(\(Int(k)) + \($0.rank)) [vector]" }].compactMap { $0 }
            return "(\(terms.joined(separator: " + "))) × (\(Int(k)) + 1) / 2 = \(score)"
        case .weighted(let weights):
            return "\(weights[0]) × normalised fulltext score + \(weights[1]) × normalised vector score = \(score)"
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
