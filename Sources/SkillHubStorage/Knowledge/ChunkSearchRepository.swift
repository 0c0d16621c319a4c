import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// What a search reads from PostgreSQL: the chunks' terms for the in-memory term indexes, the ids
/// a metadata filter allows, and the chunks' details for the answer. Only chunks of ready
/// documents are ever returned: nothing half-indexed is served.
public struct ChunkSearchRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.knowledge")) {
        self.database = database
        self.logger = logger
    }

    /// The terms of the chunks of a collection's ready documents (or of one ready document), with
    /// their frequencies, read from the `lexemes` column (``LexemeText/termFrequencies(_:)``) and
    /// handed to `body` one chunk at a time as the rows arrive; the number of chunks read.
    public func forEachChunkTerms(
        collectionID: UUID, documentID: UUID? = nil, _ body: (Int64, [(term: String, frequency: Int)]) -> Void
    ) async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT k.chunk_id, k.lexemes::text FROM knowledge_chunks k JOIN knowledge_documents d USING (document_id)
                WHERE k.collection_id = \(collectionID) AND d.status = 'ready'
                  AND (\(documentID)::uuid IS NULL OR k.document_id = \(documentID))
                """,
                logger: logger
            )
            var count = 0
            for try await (id, lexemes) in rows.decode((Int64, String).self) {
                body(id, LexemeText.termFrequencies(lexemes))
                count += 1
            }
            return count
        }
    }

    /// The ids of the chunks of ready documents whose metadata contains `filter` (for both channels' filter).
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
