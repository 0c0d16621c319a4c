import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Documents and their chunks, within one ``PluginDataNamespace``.
public struct DocumentRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.knowledge")) {
        self.database = database
        self.logger = logger
    }

    static let documentJSON = """
        jsonb_build_object(
            'document_id', d.document_id, 'collection_id', d.collection_id, 'title', d.title, 'source', d.source,
            'format', d.format, 'checksum', d.checksum, 'byte_size', d.byte_size, 'status', d.status, 'error', d.error,
            'chunks_total', d.chunks_total, 'chunks_embedded', d.chunks_embedded, 'metadata', d.metadata,
            'created_at', d.created_at, 'updated_at', d.updated_at
        )
        """

    /// Stores a document and its chunks (status `pending`: the embedding worker takes it from
    /// there), in one transaction. A document with the same checksum already in the collection
    /// (and not failed) is answered instead, with `duplicate: true`.
    public func add(_ draft: DocumentDraft, to reference: String, in namespace: PluginDataNamespace) async throws -> JSONValue {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                var collectionID: UUID?
                for try await id in try await connection.query(
                    "SELECT c.collection_id FROM knowledge_collections c WHERE \(collection: reference, in: namespace) FOR SHARE",
                    logger: logger
                ).decode(UUID.self) {
                    collectionID = id
                }
                guard let collectionID else { throw CollectionRepository.notFound(reference) }
                if !draft.checksum.isEmpty {
                    let existing = try await CollectionRepository.values(try await connection.query(
                        """
                        SELECT (\(unescaped: Self.documentJSON) || '{"duplicate": true}'::jsonb)::text FROM knowledge_documents d
                        WHERE d.collection_id = \(collectionID) AND d.checksum = \(draft.checksum) AND d.status <> 'failed' LIMIT 1
                        """,
                        logger: logger
                    ))
                    if let existing = existing.first { return existing }
                }
                let status = draft.chunks.isEmpty ? "failed" : "pending"
                let error: String? = draft.chunks.isEmpty ? "the document has no text" : nil
                var documentID: UUID?
                for try await id in try await connection.query(
                    """
                    INSERT INTO knowledge_documents (collection_id, title, source, format, checksum, byte_size, status, error, chunks_total, metadata)
                    VALUES (\(collectionID), \(draft.title), \(draft.source), \(draft.format), \(draft.checksum), \(draft.byteSize),
                            \(status), \(error), \(draft.chunks.count), \(JSONText.encode(draft.metadata))::jsonb)
                    RETURNING document_id
                    """,
                    logger: logger
                ).decode(UUID.self) {
                    documentID = id
                }
                guard let documentID else { throw SkillHubError(.internalError, "the document was not stored") }
                if !draft.chunks.isEmpty {
                    try await connection.query(
                        """
                        INSERT INTO knowledge_chunks (document_id, collection_id, position, content, heading_path, metadata, lexemes)
                        SELECT \(documentID), \(collectionID), c.position, c.content,
                               ARRAY(SELECT jsonb_array_elements_text(c.heading::jsonb)), c.metadata::jsonb, c.lexemes::tsvector
                        FROM unnest(\(Array(0..<draft.chunks.count)), \(draft.chunks.map(\.text)), \(draft.chunks.map { JSONText.encode(.array($0.headingPath.map(JSONValue.string))) }),
                                    \(draft.chunks.map { JSONText.encode($0.metadata) }), \(draft.chunks.map(\.lexemes)))
                             AS c(position, content, heading, metadata, lexemes)
                        """,
                        logger: logger
                    )
                }
                return try await Self.document(documentID, connection: connection, logger: logger) ?? .null
            }
        }
    }

    /// A document of the collection; 404 (1012) when there is none.
    public func document(_ documentID: UUID, in reference: String, namespace: PluginDataNamespace) async throws -> JSONValue {
        let found = try await database.withConnection { connection in
            try await CollectionRepository.values(try await connection.query(
                """
                SELECT \(unescaped: Self.documentJSON)::text FROM knowledge_documents d JOIN knowledge_collections c USING (collection_id)
                WHERE d.document_id = \(documentID) AND \(collection: reference, in: namespace)
                """,
                logger: logger
            ))
        }
        guard let document = found.first else { throw Self.notFound(documentID) }
        return document
    }

    /// A page of the collection's documents, newest first, optionally of one status; and how many there are.
    public func documents(
        in reference: String, namespace: PluginDataNamespace, status: String?, limit: Int, offset: Int
    ) async throws -> (documents: [JSONValue], total: Int) {
        try await database.withConnection { connection in
            var exists = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM knowledge_collections c WHERE \(collection: reference, in: namespace)", logger: logger
            ) {
                exists = true
            }
            guard exists else { throw CollectionRepository.notFound(reference) }
            let documents = try await CollectionRepository.values(try await connection.query(
                """
                SELECT \(unescaped: Self.documentJSON)::text FROM knowledge_documents d JOIN knowledge_collections c USING (collection_id)
                WHERE \(collection: reference, in: namespace) AND (\(status)::text IS NULL OR d.status = \(status))
                ORDER BY d.created_at DESC, d.document_id LIMIT \(limit) OFFSET \(offset)
                """,
                logger: logger
            ))
            var total = 0
            for try await count in try await connection.query(
                """
                SELECT count(*)::bigint FROM knowledge_documents d JOIN knowledge_collections c USING (collection_id)
                WHERE \(collection: reference, in: namespace) AND (\(status)::text IS NULL OR d.status = \(status))
                """,
                logger: logger
            ).decode(Int.self) {
                total = count
            }
            return (documents, total)
        }
    }

    /// Deletes a document with its chunks and vectors; its collection and the ids of the chunks it had.
    public func delete(_ documentID: UUID, in reference: String, namespace: PluginDataNamespace) async throws -> (collectionID: UUID, chunkIDs: [Int64]) {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                var collectionID: UUID?
                for try await id in try await connection.query(
                    """
                    SELECT d.collection_id FROM knowledge_documents d JOIN knowledge_collections c USING (collection_id)
                    WHERE d.document_id = \(documentID) AND \(collection: reference, in: namespace) FOR UPDATE OF d
                    """,
                    logger: logger
                ).decode(UUID.self) {
                    collectionID = id
                }
                guard let collectionID else { throw Self.notFound(documentID) }
                var chunkIDs: [Int64] = []
                for try await id in try await connection.query(
                    "SELECT chunk_id FROM knowledge_chunks WHERE document_id = \(documentID)", logger: logger
                ).decode(Int64.self) {
                    chunkIDs.append(id)
                }
                try await connection.query("DELETE FROM knowledge_documents WHERE document_id = \(documentID)", logger: logger)
                return (collectionID, chunkIDs)
            }
        }
    }

    static func document(_ documentID: UUID, connection: PostgresConnection, logger: Logger) async throws -> JSONValue? {
        try await CollectionRepository.values(try await connection.query(
            "SELECT \(unescaped: documentJSON)::text FROM knowledge_documents d WHERE d.document_id = \(documentID)",
            logger: logger
        )).first
    }

    static func notFound(_ documentID: UUID) -> SkillHubError {
        SkillHubError(.notFound, "document \(documentID.lowercasedString) not found")
    }
}

/// A document to store: what the plugin read and how it split it.
public struct DocumentDraft: Sendable {
    public var title: String
    public var source: String
    public var format: String
    /// Of the original bytes (a document sent again is recognised).
    public var checksum: String
    public var byteSize: Int
    public var metadata: JSONValue
    public var chunks: [ChunkDraft]

    public init(title: String, source: String, format: String, checksum: String, byteSize: Int, metadata: JSONValue, chunks: [ChunkDraft]) {
        self.title = title
        self.source = source
        self.format = format
        self.checksum = checksum
        self.byteSize = byteSize
        self.metadata = metadata
        self.chunks = chunks
    }
}

/// One chunk to store, with its full-text terms as a `tsvector` literal (``LexemeText/vector(_:)``).
public struct ChunkDraft: Sendable {
    public var text: String
    public var headingPath: [String]
    public var metadata: JSONValue
    public var lexemes: String

    public init(text: String, headingPath: [String], metadata: JSONValue, lexemes: String) {
        self.text = text
        self.headingPath = headingPath
        self.metadata = metadata
        self.lexemes = lexemes
    }
}
