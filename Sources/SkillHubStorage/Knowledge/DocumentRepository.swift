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
                    // Two adds of the same bytes at once: the second waits for the first and is its duplicate.
                    try await connection.query(
                        "SELECT pg_advisory_xact_lock(hashtextextended(\(collectionID.lowercasedString + draft.checksum), 0))", logger: logger
                    )
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
                try await Self.insert(draft.chunks, documentID: documentID, collectionID: collectionID, connection: connection, logger: logger)
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

    /// A page of the collection's documents, newest first, optionally of one status and only those
    /// whose metadata contains `filter`; and how many there are.
    public func documents(
        in reference: String, namespace: PluginDataNamespace, status: String?, filter: JSONValue? = nil, limit: Int, offset: Int
    ) async throws -> (documents: [JSONValue], total: Int) {
        let filterText = filter.map(JSONText.encode)
        return try await database.withConnection { connection in
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
                  AND (\(filterText)::jsonb IS NULL OR d.metadata @> \(filterText)::jsonb)
                ORDER BY d.created_at DESC, d.document_id LIMIT \(limit) OFFSET \(offset)
                """,
                logger: logger
            ))
            var total = 0
            for try await count in try await connection.query(
                """
                SELECT count(*)::bigint FROM knowledge_documents d JOIN knowledge_collections c USING (collection_id)
                WHERE \(collection: reference, in: namespace) AND (\(status)::text IS NULL OR d.status = \(status))
                  AND (\(filterText)::jsonb IS NULL OR d.metadata @> \(filterText)::jsonb)
                """,
                logger: logger
            ).decode(Int.self) {
                total = count
            }
            return (documents, total)
        }
    }

    /// Changes documents of the collection, in one transaction: their title, their metadata (merged
    /// key by key: a null removes the key; increments are added to numeric keys, a missing or
    /// non-numeric key counting as 0) and, for one document, its chunks (all replaced: the
    /// document goes back to `pending`, to be embedded again). The documents as they are now, and
    /// the ids of the chunks replaced. 404 (1012) when one of them is not in the collection.
    public func update(
        _ documentIDs: [UUID], _ change: DocumentChange, in reference: String, namespace: PluginDataNamespace
    ) async throws -> (documents: [JSONValue], collectionID: UUID?, replacedChunkIDs: [Int64]) {
        let patch = change.metadata?.objectValue ?? [:]
        let setKeys = JSONValue.object(patch.filter { $0.value != .null })
        let removedKeys = patch.filter { $0.value == .null }.map(\.key)
        let increments = JSONValue.object(change.increments.mapValues(JSONValue.number))
        return try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                var found: [UUID: UUID] = [:]
                for try await (document, collection) in try await connection.query(
                    """
                    SELECT d.document_id, d.collection_id FROM knowledge_documents d JOIN knowledge_collections c USING (collection_id)
                    WHERE d.document_id = ANY(\(documentIDs)) AND \(collection: reference, in: namespace)
                    ORDER BY d.document_id FOR UPDATE OF d
                    """,
                    logger: logger
                ).decode((UUID, UUID).self) {
                    found[document] = collection
                }
                if let missing = documentIDs.first(where: { found[$0] == nil }) { throw Self.notFound(missing) }
                try await connection.query(
                    """
                    UPDATE knowledge_documents d SET title = coalesce(\(change.title), d.title), updated_at = now(),
                        metadata = ((d.metadata || \(JSONText.encode(setKeys))::jsonb) - \(removedKeys)::text[]) || coalesce((
                            SELECT jsonb_object_agg(i.key, to_jsonb(i.value::numeric + CASE WHEN jsonb_typeof(d.metadata -> i.key) = 'number'
                                                                                      THEN (d.metadata ->> i.key)::numeric ELSE 0 END))
                            FROM jsonb_each_text(\(JSONText.encode(increments))::jsonb) i), '{}'::jsonb)
                    WHERE d.document_id = ANY(\(documentIDs))
                    """,
                    logger: logger
                )
                var replaced: [Int64] = []
                if let chunks = change.chunks, let documentID = documentIDs.first, let collectionID = found[documentID] {
                    for try await id in try await connection.query(
                        "DELETE FROM knowledge_chunks WHERE document_id = \(documentID) RETURNING chunk_id", logger: logger
                    ).decode(Int64.self) {
                        replaced.append(id)
                    }
                    try await connection.query(
                        """
                        UPDATE knowledge_documents SET status = 'pending', error = NULL, attempts = 0, claimed_until = NULL,
                               chunks_total = \(chunks.count), chunks_embedded = 0
                        WHERE document_id = \(documentID)
                        """,
                        logger: logger
                    )
                    try await Self.insert(chunks, documentID: documentID, collectionID: collectionID, connection: connection, logger: logger)
                }
                var documents: [JSONValue] = []
                for id in documentIDs {
                    if let document = try await Self.document(id, connection: connection, logger: logger) { documents.append(document) }
                }
                return (documents, found.values.first, replaced)
            }
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

    private static func insert(
        _ chunks: [ChunkDraft], documentID: UUID, collectionID: UUID, connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !chunks.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO knowledge_chunks (document_id, collection_id, position, content, heading_path, metadata, lexemes)
            SELECT \(documentID), \(collectionID), c.position, c.content,
                   ARRAY(SELECT jsonb_array_elements_text(c.heading::jsonb)), c.metadata::jsonb, c.lexemes::tsvector
            FROM unnest(\(Array(0..<chunks.count)), \(chunks.map(\.text)), \(chunks.map { JSONText.encode(.array($0.headingPath.map(JSONValue.string))) }),
                        \(chunks.map { JSONText.encode($0.metadata) }), \(chunks.map(\.lexemes)))
                 AS c(position, content, heading, metadata, lexemes)
            """,
            logger: logger
        )
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

/// A change to stored documents (``DocumentRepository/update(_:_:in:namespace:)``): nil fields are left as they are.
public struct DocumentChange: Sendable {
    public var title: String?
    /// Keys to set (a null value removes the key).
    public var metadata: JSONValue?
    /// Amounts to add to numeric metadata keys.
    public var increments: [String: Double]
    /// The document's new chunks, replacing all of them (one document only).
    public var chunks: [ChunkDraft]?

    public init(title: String? = nil, metadata: JSONValue? = nil, increments: [String: Double] = [:], chunks: [ChunkDraft]? = nil) {
        self.title = title
        self.metadata = metadata
        self.increments = increments
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
