import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// The full-text channel of a search, and the chunks' details for the answer. Only chunks of
/// ready documents are ever returned: nothing half-indexed is served.
public struct ChunkSearchRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.knowledge")) {
        self.database = database
        self.logger = logger
    }

    /// The best `limit` chunks of the collections for a query's terms, optionally only of documents
    /// whose metadata contains `filter`: first the chunks with every term (`all`), by `ts_rank`
    /// (length-normalised) plus 1, then — only while fewer than `limit` were found — those with any
    /// (`any`), by `ts_rank`. A chunk with all the words asked for is the better match, and ranking
    /// only them is cheap where a common word matches a large share of the collection.
    public func fullText(
        all: String?, any: String, collections: [UUID], filter: JSONValue?, limit: Int
    ) async throws -> [(id: Int64, score: Double)] {
        var hits: [(id: Int64, score: Double)] = []
        if let all { hits = try await rank(all, bonus: 1, collections: collections, filter: filter, limit: limit) }
        if hits.count < limit {
            let found = Set(hits.map(\.id))
            let more = try await rank(any, bonus: 0, collections: collections, filter: filter, limit: limit)
            hits += more.filter { !found.contains($0.id) }.prefix(limit - hits.count)
        }
        return hits
    }

    /// The best `limit` chunks for the `tsquery` literal, by `ts_rank` plus `bonus`.
    private func rank(
        _ query: String, bonus: Double, collections: [UUID], filter: JSONValue?, limit: Int
    ) async throws -> [(id: Int64, score: Double)] {
        let filterText = filter.map(JSONText.encode)
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT k.chunk_id, (ts_rank(k.lexemes, q, 1) + \(bonus))::float8 AS score
                FROM knowledge_chunks k JOIN knowledge_documents d USING (document_id), CAST(\(query) AS tsquery) AS q
                WHERE k.collection_id = ANY(\(collections)) AND k.lexemes @@ q AND d.status = 'ready'
                  AND (\(filterText)::jsonb IS NULL OR d.metadata @> \(filterText)::jsonb)
                ORDER BY score DESC, k.chunk_id LIMIT \(limit)
                """,
                logger: logger
            )
            var hits: [(id: Int64, score: Double)] = []
            for try await (id, score) in rows.decode((Int64, Double).self) {
                hits.append((id, score))
            }
            return hits
        }
    }

    /// The ids of the chunks of ready documents whose metadata contains `filter` (for the vector channel's filter).
    public func chunkIDs(collections: [UUID], matching filter: JSONValue) async throws -> Set<Int64> {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT k.chunk_id FROM knowledge_chunks k JOIN knowledge_documents d USING (document_id)
                WHERE k.collection_id = ANY(\(collections)) AND d.status = 'ready' AND d.metadata @> \(JSONText.encode(filter))::jsonb
                """,
                logger: logger
            )
            var ids = Set<Int64>()
            for try await id in rows.decode(Int64.self) { ids.insert(id) }
            return ids
        }
    }

    /// The chunks with these ids that still exist, with their document's title and metadata, by id.
    public func chunks(_ ids: [Int64]) async throws -> [Int64: JSONValue] {
        guard !ids.isEmpty else { return [:] }
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT k.chunk_id, jsonb_build_object(
                    'chunk_id', k.chunk_id, 'document_id', k.document_id, 'collection_id', k.collection_id,
                    'collection', c.name, 'title', d.title, 'source', d.source, 'position', k.position,
                    'heading_path', to_jsonb(k.heading_path), 'text', k.content,
                    'metadata', d.metadata || k.metadata)::text
                FROM knowledge_chunks k JOIN knowledge_documents d USING (document_id) JOIN knowledge_collections c ON c.collection_id = k.collection_id
                WHERE k.chunk_id = ANY(\(ids)) AND d.status = 'ready'
                """,
                logger: logger
            )
            var chunks: [Int64: JSONValue] = [:]
            for try await (id, text) in rows.decode((Int64, String).self) {
                chunks[id] = JSONText.value(text)
            }
            return chunks
        }
    }
}
