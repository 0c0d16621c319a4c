import Foundation
import Logging
import NIOCore
import PostgresNIO
import SkillHubCore

/// The embedding worker's side of the store: claiming documents and re-embeddings, reading the
/// chunks still without a vector, writing vectors and progress. Claims expire, so the work of an
/// instance that stopped is taken over by another (or by itself after a restart).
public struct EmbeddingJobRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.knowledge")) {
        self.database = database
        self.logger = logger
    }

    /// Claims the oldest document waiting for vectors of `model` (pending, or processing under an
    /// expired claim, in a collection that serves or is moving to `model`) for `lease`, marking it
    /// processing; with `documentID`, that document only (nil when it is not waiting or is claimed).
    public func claimDocument(model: String, for lease: Duration, documentID: UUID? = nil) async throws -> EmbeddingJob? {
        let seconds = Double(lease.components.seconds)
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE knowledge_documents d SET status = 'processing', claimed_until = now() + make_interval(secs => \(seconds)), updated_at = now()
                FROM knowledge_collections c
                WHERE c.collection_id = d.collection_id AND d.document_id = (
                    SELECT w.document_id FROM knowledge_documents w JOIN knowledge_collections t USING (collection_id)
                    WHERE w.status IN ('pending', 'processing') AND (w.claimed_until IS NULL OR w.claimed_until < now())
                      AND coalesce(t.next_embedding_model, t.embedding_model) = \(model)
                      AND (\(documentID)::uuid IS NULL OR w.document_id = \(documentID))
                    ORDER BY w.created_at LIMIT 1 FOR UPDATE OF w SKIP LOCKED)
                RETURNING d.document_id, d.collection_id, d.attempts
                """,
                logger: logger
            )
            for try await (document, collection, attempts) in rows.decode((UUID, UUID, Int).self) {
                return EmbeddingJob(documentID: document, collectionID: collection, model: model, attempts: attempts)
            }
            return nil
        }
    }

    /// Claims a collection whose vectors of `model` are being filled in (a re-embedding).
    public func claimReembedding(model: String, for lease: Duration) async throws -> EmbeddingJob? {
        let seconds = Double(lease.components.seconds)
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE knowledge_collections c SET reembed_claimed_until = now() + make_interval(secs => \(seconds))
                WHERE c.collection_id = (
                    SELECT collection_id FROM knowledge_collections
                    WHERE next_embedding_model = \(model) AND (reembed_claimed_until IS NULL OR reembed_claimed_until < now())
                    ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING c.collection_id
                """,
                logger: logger
            )
            for try await collection in rows.decode(UUID.self) {
                return EmbeddingJob(documentID: nil, collectionID: collection, model: model, attempts: 0)
            }
            return nil
        }
    }

    /// Up to `limit` chunks of the job (its document, or its whole collection) without a vector of its model.
    public func chunksWithoutVector(of job: EmbeddingJob, limit: Int) async throws -> [(id: Int64, text: String)] {
        let model = job.model
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT k.chunk_id, k.content FROM knowledge_chunks k
                WHERE k.collection_id = \(job.collectionID) AND (\(job.documentID)::uuid IS NULL OR k.document_id = \(job.documentID))
                  AND NOT EXISTS (SELECT 1 FROM knowledge_vectors v WHERE v.chunk_id = k.chunk_id AND v.model = \(model))
                ORDER BY k.chunk_id LIMIT \(limit)
                """,
                logger: logger
            )
            var chunks: [(id: Int64, text: String)] = []
            for try await (id, text) in rows.decode((Int64, String).self) {
                chunks.append((id, text))
            }
            return chunks
        }
    }

    /// Stores vectors of the job's model (a chunk deleted meanwhile is skipped), updates the
    /// document's progress and extends the job's claim by `lease`.
    public func store(_ vectors: [(id: Int64, vector: [Float])], for job: EmbeddingJob, lease: Duration) async throws {
        let model = job.model
        let seconds = Double(lease.components.seconds)
        try await database.withConnection { connection in
            try await connection.query(
                """
                INSERT INTO knowledge_vectors (chunk_id, model, vector)
                SELECT v.id, \(model), decode(v.hex, 'hex') FROM unnest(\(vectors.map(\.id)), \(vectors.map { VectorBytes.hex($0.vector) })) AS v(id, hex)
                WHERE EXISTS (SELECT 1 FROM knowledge_chunks k WHERE k.chunk_id = v.id)
                ON CONFLICT (chunk_id, model) DO UPDATE SET vector = excluded.vector
                """,
                logger: logger
            )
            if let documentID = job.documentID {
                try await connection.query(
                    """
                    UPDATE knowledge_documents d SET claimed_until = now() + make_interval(secs => \(seconds)), updated_at = now(),
                        chunks_embedded = (SELECT count(*) FROM knowledge_chunks k JOIN knowledge_vectors v USING (chunk_id)
                                           WHERE k.document_id = d.document_id AND v.model = \(model))
                    WHERE d.document_id = \(documentID)
                    """,
                    logger: logger
                )
            } else {
                try await connection.query(
                    "UPDATE knowledge_collections SET reembed_claimed_until = now() + make_interval(secs => \(seconds)) WHERE collection_id = \(job.collectionID)",
                    logger: logger
                )
            }
        }
    }

    /// Marks a document whose chunks all have a vector of the job's model ready (and releases
    /// it); true when it did.
    public func finishDocument(_ job: EmbeddingJob) async throws -> Bool {
        guard let documentID = job.documentID else { return false }
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE knowledge_documents d SET status = 'ready', error = NULL, claimed_until = NULL, updated_at = now(),
                       chunks_embedded = d.chunks_total
                WHERE d.document_id = \(documentID) AND d.status = 'processing'
                  AND NOT EXISTS (SELECT 1 FROM knowledge_chunks k WHERE k.document_id = d.document_id
                                  AND NOT EXISTS (SELECT 1 FROM knowledge_vectors v WHERE v.chunk_id = k.chunk_id AND v.model = \(job.model)))
                RETURNING d.document_id
                """,
                logger: logger
            )
            return try await rows.collect().count == 1
        }
    }

    /// Switches a collection to its new model once every chunk has a vector of it, dropping the old
    /// model's vectors; true when it switched.
    public func finishReembedding(_ job: EmbeddingJob) async throws -> Bool {
        let model = job.model
        return try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE knowledge_collections c SET embedding_model = c.next_embedding_model, dimensions = c.next_dimensions,
                           next_embedding_model = NULL, next_dimensions = NULL, reembed_claimed_until = NULL, updated_at = now()
                    WHERE c.collection_id = \(job.collectionID) AND c.next_embedding_model = \(model)
                      AND NOT EXISTS (SELECT 1 FROM knowledge_chunks k WHERE k.collection_id = c.collection_id
                                      AND NOT EXISTS (SELECT 1 FROM knowledge_vectors v WHERE v.chunk_id = k.chunk_id AND v.model = \(model)))
                    RETURNING c.collection_id
                    """,
                    logger: logger
                )
                guard try await rows.collect().count == 1 else { return false }
                try await connection.query(
                    """
                    DELETE FROM knowledge_vectors v USING knowledge_chunks k
                    WHERE v.chunk_id = k.chunk_id AND k.collection_id = \(job.collectionID) AND v.model <> \(model)
                    """,
                    logger: logger
                )
                return true
            }
        }
    }

    /// Records a failed attempt: the document waits `retryAfter` before it is claimed again, or,
    /// after `maximumAttempts`, fails with `reason`. True when it failed for good.
    public func recordFailure(_ job: EmbeddingJob, reason: String, retryAfter: Duration, maximumAttempts: Int) async throws -> Bool {
        let seconds = Double(retryAfter.components.seconds)
        guard let documentID = job.documentID else {
            try await database.withConnection { connection in
                try await connection.query(
                    "UPDATE knowledge_collections SET reembed_claimed_until = now() + make_interval(secs => \(seconds)) WHERE collection_id = \(job.collectionID)",
                    logger: logger
                )
            }
            return false
        }
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE knowledge_documents SET attempts = attempts + 1, error = \(reason), updated_at = now(),
                       status = CASE WHEN attempts + 1 >= \(maximumAttempts) THEN 'failed' ELSE 'processing' END,
                       claimed_until = CASE WHEN attempts + 1 >= \(maximumAttempts) THEN NULL ELSE now() + make_interval(secs => \(seconds)) END
                WHERE document_id = \(documentID)
                RETURNING status
                """,
                logger: logger
            )
            for try await status in rows.decode(String.self) { return status == "failed" }
            return false
        }
    }

    /// The vectors of `model` of a collection's ready documents (or of one document), for an in-memory index.
    public func vectors(collectionID: UUID, model: String, documentID: UUID? = nil) async throws -> [(id: Int64, vector: [Float])] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT v.chunk_id, v.vector FROM knowledge_vectors v
                JOIN knowledge_chunks k USING (chunk_id) JOIN knowledge_documents d USING (document_id)
                WHERE k.collection_id = \(collectionID) AND v.model = \(model) AND d.status = 'ready'
                  AND (\(documentID)::uuid IS NULL OR k.document_id = \(documentID))
                """,
                logger: logger
            )
            var vectors: [(id: Int64, vector: [Float])] = []
            for try await (id, bytes) in rows.decode((Int64, ByteBuffer).self) {
                vectors.append((id, VectorBytes.floats(bytes)))
            }
            return vectors
        }
    }
}

/// One unit of embedding work: a document's chunks, or (no document) a collection's re-embedding.
public struct EmbeddingJob: Sendable {
    public var documentID: UUID?
    public var collectionID: UUID
    /// The model whose vectors are needed (the collection's served one, or a re-embedding's new one).
    public var model: String
    public var attempts: Int
}

/// Vectors as PostgreSQL keeps them: float4 values, little-endian, in a `bytea`.
enum VectorBytes {
    static func hex(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes.lowercaseHex
    }

    static func floats(_ buffer: ByteBuffer) -> [Float] {
        var buffer = buffer
        var values: [Float] = []
        values.reserveCapacity(buffer.readableBytes / 4)
        while let bits = buffer.readInteger(endianness: .little, as: UInt32.self) {
            values.append(Float(bitPattern: bits))
        }
        return values
    }
}
