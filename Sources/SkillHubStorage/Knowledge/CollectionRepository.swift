import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Knowledge collections: create, read, change, delete, always within one
/// ``PluginDataNamespace`` (no statement here can see another account's rows).
public struct CollectionRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.knowledge")) {
        self.database = database
        self.logger = logger
    }

    /// A collection as the store answers it (JSON built by PostgreSQL), with its counts and any re-embedding's progress.
    static let collectionJSON = """
        jsonb_build_object(
            'collection_id', c.collection_id, 'name', c.name, 'description', c.description,
            'embedding_model', c.embedding_model, 'dimensions', c.dimensions,
            'settings', c.settings, 'metadata', c.metadata, 'created_at', c.created_at, 'updated_at', c.updated_at,
            'documents', (SELECT count(*) FROM knowledge_documents d WHERE d.collection_id = c.collection_id),
            'chunks', (SELECT count(*) FROM knowledge_chunks k WHERE k.collection_id = c.collection_id),
            'reembedding', CASE WHEN c.next_embedding_model IS NULL THEN NULL ELSE jsonb_build_object(
                'model', c.next_embedding_model, 'dimensions', c.next_dimensions,
                'chunks_total', (SELECT count(*) FROM knowledge_chunks k WHERE k.collection_id = c.collection_id),
                'chunks_embedded', (SELECT count(*) FROM knowledge_chunks k JOIN knowledge_vectors v USING (chunk_id)
                                    WHERE k.collection_id = c.collection_id AND v.model = c.next_embedding_model)) END
        )::text
        """

    /// Creates a collection; 409 (1006) when the namespace already has one of that name.
    public func create(
        _ draft: CollectionDraft, model: String, dimensions: Int, in namespace: PluginDataNamespace
    ) async throws -> JSONValue {
        do {
            return try await one(
                """
                WITH c AS (
                    INSERT INTO knowledge_collections (namespace, account_id, name, description, embedding_model, dimensions, settings, metadata)
                    VALUES (\(namespace.plugin), \(namespace.account), \(draft.name), \(draft.description), \(model), \(dimensions),
                            \(JSONText.encode(draft.settings))::jsonb, \(JSONText.encode(draft.metadata))::jsonb)
                    RETURNING *
                )
                SELECT \(unescaped: Self.collectionJSON) FROM c
                """
            )
        } catch let error as PSQLError where error.isUniqueViolation {
            throw SkillHubError(.conflict, "a collection named '\(draft.name)' already exists")
        }
    }

    /// Every collection of the namespace, by name.
    public func list(in namespace: PluginDataNamespace) async throws -> [JSONValue] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.collectionJSON) FROM knowledge_collections c
                WHERE \(namespace: namespace, alias: "c")
                ORDER BY c.name
                """,
                logger: logger
            )
            return try await Self.values(rows)
        }
    }

    /// The collection named `reference` (its name or id); 404 (1012) when the namespace has none.
    public func collection(_ reference: String, in namespace: PluginDataNamespace) async throws -> JSONValue {
        try await one(
            "SELECT \(unescaped: Self.collectionJSON) FROM knowledge_collections c WHERE \(collection: reference, in: namespace)",
            notFound: reference
        )
    }

    /// The ids, served models and dimensions of the collections named by `references`; 404 for the first unknown one.
    public func resolve(_ references: [String], in namespace: PluginDataNamespace) async throws -> [CollectionHandle] {
        var handles: [CollectionHandle] = []
        for reference in references {
            let found = try await self.handles(
                "SELECT \(unescaped: Self.handleColumns) FROM knowledge_collections c WHERE \(collection: reference, in: namespace)"
            )
            guard let handle = found.first else { throw Self.notFound(reference) }
            if !handles.contains(where: { $0.id == handle.id }) { handles.append(handle) }
        }
        return handles
    }

    /// What a search needs of every collection of every namespace, oldest first: for loading the
    /// in-memory indexes at start-up, before any query names a collection.
    public func allHandles() async throws -> [CollectionHandle] {
        try await handles("SELECT \(unescaped: Self.handleColumns) FROM knowledge_collections c ORDER BY c.created_at, c.collection_id")
    }

    /// The columns of a ``CollectionHandle``, in ``handles(_:)``'s order.
    private static let handleColumns = "c.collection_id, c.name, c.embedding_model, c.dimensions, c.next_embedding_model"

    private func handles(_ query: PostgresQuery) async throws -> [CollectionHandle] {
        try await database.withConnection { connection in
            let rows = try await connection.query(query, logger: logger)
            var handles: [CollectionHandle] = []
            for try await (id, name, model, dimensions, next) in rows.decode((UUID, String, String, Int, String?).self) {
                handles.append(CollectionHandle(id: id, name: name, model: model, dimensions: dimensions, nextModel: next))
            }
            return handles
        }
    }

    /// Changes a collection's description, settings or metadata (the fields given).
    public func update(_ reference: String, _ change: CollectionChange, in namespace: PluginDataNamespace) async throws -> JSONValue {
        try await one(
            """
            WITH c AS (
                UPDATE knowledge_collections c SET
                    description = coalesce(\(change.description), c.description),
                    settings = coalesce(\(change.settings.map(JSONText.encode))::jsonb, c.settings),
                    metadata = coalesce(\(change.metadata.map(JSONText.encode))::jsonb, c.metadata),
                    updated_at = now()
                WHERE \(collection: reference, in: namespace)
                RETURNING *
            )
            SELECT \(unescaped: Self.collectionJSON) FROM c
            """,
            notFound: reference
        )
    }

    /// Deletes a collection with its documents, chunks and vectors; its id.
    public func delete(_ reference: String, in namespace: PluginDataNamespace) async throws -> UUID {
        let deleted: UUID? = try await database.withConnection { connection in
            let rows = try await connection.query(
                "DELETE FROM knowledge_collections c WHERE \(collection: reference, in: namespace) RETURNING c.collection_id",
                logger: logger
            )
            for try await id in rows.decode(UUID.self) { return id }
            return nil
        }
        guard let deleted else { throw Self.notFound(reference) }
        return deleted
    }

    /// Starts filling in vectors of `model` for a collection (a re-embedding), unless one for that model runs.
    public func startReembedding(_ reference: String, model: String, dimensions: Int, in namespace: PluginDataNamespace) async throws -> JSONValue {
        try await one(
            """
            WITH c AS (
                UPDATE knowledge_collections c SET next_embedding_model = \(model), next_dimensions = \(dimensions),
                       reembed_claimed_until = NULL, updated_at = now()
                WHERE \(collection: reference, in: namespace)
                RETURNING *
            )
            SELECT \(unescaped: Self.collectionJSON) FROM c
            """,
            notFound: reference
        )
    }

    /// Marks for re-embedding every collection (of any namespace) whose served model is not `model`.
    public func startReembeddingAll(notUsing model: String, dimensions: Int) async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE knowledge_collections SET next_embedding_model = \(model), next_dimensions = \(dimensions), updated_at = now()
                WHERE embedding_model <> \(model) AND next_embedding_model IS DISTINCT FROM \(model)
                RETURNING collection_id
                """,
                logger: logger
            )
            return try await rows.collect().count
        }
    }

    static func notFound(_ reference: String) -> SkillHubError {
        SkillHubError(.notFound, "collection '\(reference)' not found")
    }

    private func one(_ query: PostgresQuery, notFound reference: String = "") async throws -> JSONValue {
        let values = try await database.withConnection { connection in
            try await Self.values(try await connection.query(query, logger: logger))
        }
        guard let value = values.first else { throw Self.notFound(reference) }
        return value
    }

    static func values(_ rows: PostgresRowSequence) async throws -> [JSONValue] {
        var values: [JSONValue] = []
        for try await text in rows.decode(String.self) {
            values.append(JSONText.value(text))
        }
        return values
    }
}

/// A new collection's fields.
public struct CollectionDraft: Sendable {
    public var name: String
    public var description: String
    public var settings: JSONValue
    public var metadata: JSONValue

    public init(name: String, description: String = "", settings: JSONValue = [:], metadata: JSONValue = [:]) {
        self.name = name
        self.description = description
        self.settings = settings
        self.metadata = metadata
    }
}

/// The fields of a collection to change; nil leaves one as it is.
public struct CollectionChange: Sendable {
    public var description: String?
    public var settings: JSONValue?
    public var metadata: JSONValue?

    public init(description: String? = nil, settings: JSONValue? = nil, metadata: JSONValue? = nil) {
        self.description = description
        self.settings = settings
        self.metadata = metadata
    }
}

/// What a search needs of a collection.
public struct CollectionHandle: Sendable, Hashable {
    public var id: UUID
    public var name: String
    /// The embedding model whose vectors are served.
    public var model: String
    public var dimensions: Int
    /// The model being filled in by a re-embedding, if one runs.
    public var nextModel: String?

    /// Whether a query embedded with `model` can be compared with this collection's vectors: they
    /// are of that model, and no re-embedding is filling in another one.
    public func servesVectors(of model: String) -> Bool {
        nextModel == nil && self.model == model
    }
}

extension PostgresQuery.StringInterpolation {
    /// The condition that `c` is the collection named by `reference` in `namespace`: its id when
    /// `reference` is a UUID, else its name.
    mutating func appendInterpolation(collection reference: String, in namespace: PluginDataNamespace) {
        let id = UUID(uuidString: reference)
        appendInterpolation(namespace: namespace, alias: "c")
        appendLiteral(" AND (c.collection_id = ")
        appendInterpolation(id)
        appendLiteral(" OR (")
        appendInterpolation(id == nil)
        appendLiteral(" AND c.name = ")
        appendInterpolation(reference)
        appendLiteral("))")
    }

    /// The condition that the collection row `alias` belongs to `namespace`.
    mutating func appendInterpolation(namespace: PluginDataNamespace, alias: String) {
        appendLiteral("\(alias).namespace = ")
        appendInterpolation(namespace.plugin)
        appendLiteral(" AND \(alias).account_id IS NOT DISTINCT FROM ")
        appendInterpolation(namespace.account)
    }
}
