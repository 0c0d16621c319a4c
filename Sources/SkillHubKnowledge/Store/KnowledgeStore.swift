import Foundation
import Logging
import SkillHubCore
import SkillHubEmbeddings
import SkillHubStorage

/// The document store behind the plugins' `store` host service (plugin ABI 1.1): collections,
/// documents split into chunks by the plugin, embedded in the background by the
/// ``EmbeddingWorker``, and searched by full text, vector or both (``HybridRetriever``). Every
/// operation runs in one ``PluginDataNamespace`` — a plugin and the caller's account — so no
/// request sees another account's documents, not even in an error message.
public struct KnowledgeStore: Sendable {
    let collections: CollectionRepository
    let documents: DocumentRepository
    let retriever: HybridRetriever
    let provider: any EmbeddingProvider
    let feed: any KnowledgeChangeAnnouncer
    let worker: EmbeddingWorker
    let tokenizer = Tokenizer()

    /// The most chunks one document may have, and the longest chunk (characters).
    static let maximumChunks = 50_000
    static let maximumChunkCharacters = 20_000

    public init(
        database: Database, provider: any EmbeddingProvider, terms: any FullTextSearching, vectors: any VectorSearching,
        feed: any KnowledgeChangeAnnouncer, worker: EmbeddingWorker, logger: Logger
    ) {
        collections = CollectionRepository(database: database, logger: logger)
        documents = DocumentRepository(database: database, logger: logger)
        retriever = HybridRetriever(
            collections: collections, search: ChunkSearchRepository(database: database, logger: logger),
            terms: terms, vectors: vectors, provider: provider, tokenizer: Tokenizer()
        )
        self.provider = provider
        self.feed = feed
        self.worker = worker
    }

    /// Runs one operation (`{"op": …}`) in `namespace`; its JSON answer. Failures are
    /// ``SkillHubError``s: invalid parameter, not found, conflict, unavailable.
    public func handle(_ value: JSONValue, in namespace: PluginDataNamespace) async throws -> JSONValue {
        let request = try RequestFields(value, what: "a store request")
        switch request.operation {
        case "collection.create":
            let name = try request.requiredString("name")
            guard name.count <= 128, !name.contains(where: { $0.isNewline }) else {
                throw request.invalid("name", "must be 1 to 128 characters on one line")
            }
            let draft = CollectionDraft(
                name: name, description: try request.string("description") ?? "",
                settings: try request.object("settings") ?? [:], metadata: try request.object("metadata") ?? [:]
            )
            return try await collections.create(draft, model: provider.model, dimensions: provider.dimensions, in: namespace)
        case "collection.list":
            return ["collections": .array(try await collections.list(in: namespace))]
        case "collection.get":
            return try await collections.collection(try request.requiredString("collection"), in: namespace)
        case "collection.update":
            let change = CollectionChange(
                description: try request.string("description"), settings: try request.object("settings"), metadata: try request.object("metadata")
            )
            return try await collections.update(try request.requiredString("collection"), change, in: namespace)
        case "collection.delete":
            let id = try await collections.delete(try request.requiredString("collection"), in: namespace)
            await feed.announce(KnowledgeChange(kind: .collectionDeleted, collectionID: id))
            return ["deleted": true, "collection_id": .string(id.lowercasedString)]
        case "collection.reembed":
            let collection = try await collections.startReembedding(
                try request.requiredString("collection"), model: provider.model, dimensions: provider.dimensions, in: namespace
            )
            worker.wake()
            return collection
        case "document.add":
            let collection = try request.requiredString("collection")
            let wait = try request.bool("wait", default: false)
            let document = try await documents.add(try documentDraft(request), to: collection, in: namespace)
            return try await embedded(document, in: collection, namespace: namespace, wait: wait)
        case "document.update":
            return try await update(request, in: namespace)
        case "document.get":
            return try await documents.document(try documentID(request), in: try request.requiredString("collection"), namespace: namespace)
        case "document.list":
            let page = try await documents.documents(
                in: try request.requiredString("collection"), namespace: namespace,
                status: try request.choice("status", from: ["", "pending", "processing", "ready", "failed"], default: "").nilIfEmpty,
                filter: try request.object("filter"),
                limit: try request.integer("limit", default: 50, in: 1...500), offset: try request.integer("offset", default: 0, in: 0...10_000_000)
            )
            return ["documents": .array(page.documents), "total": .number(Double(page.total))]
        case "document.delete":
            let documentID = try documentID(request)
            let deleted = try await documents.delete(documentID, in: try request.requiredString("collection"), namespace: namespace)
            await feed.announce(KnowledgeChange(kind: .chunksDeleted, collectionID: deleted.collectionID, chunkIDs: deleted.chunkIDs))
            return ["deleted": true, "document_id": .string(documentID.lowercasedString)]
        case "query":
            return try await retriever.query(request, in: namespace)
        case let operation:
            throw request.invalid("op", operation == nil ? "is required" : "'\(operation ?? "")' is not an operation of the store")
        }
    }

    /// `document.update`: one document (`document_id`) or several (`document_ids`, metadata and
    /// increments only).
    private func update(_ request: RequestFields, in namespace: PluginDataNamespace) async throws -> JSONValue {
        let collection = try request.requiredString("collection")
        let many = request.fields["document_ids"] != nil
        let ids: [UUID]
        if many {
            guard let items = request.fields["document_ids"]?.arrayValue, (1...500).contains(items.count) else {
                throw request.invalid("document_ids", "must be an array of 1 to 500 document ids")
            }
            ids = try items.map { item in
                guard let id = item.stringValue.flatMap(UUID.init(uuidString:)) else { throw request.invalid("document_ids", "must hold UUIDs") }
                return id
            }
        } else {
            ids = [try documentID(request)]
        }
        var increments: [String: Double] = [:]
        for (key, value) in try request.object("increment")?.objectValue ?? [:] {
            guard let amount = value.doubleValue, amount.isFinite else { throw request.invalid("increment.\(key)", "must be a number") }
            increments[key] = amount
        }
        let chunks = request.fields["chunks"] == nil ? nil : try chunkDrafts(request)
        if chunks?.isEmpty == true { throw request.invalid("chunks", "must hold at least one chunk") }
        if many, chunks != nil { throw request.invalid("chunks", "can replace the chunks of one document only (document_id)") }
        let change = DocumentChange(
            title: try request.string("title"), metadata: try request.object("metadata"), increments: increments, chunks: chunks
        )
        let updated = try await documents.update(ids, change, in: collection, namespace: namespace)
        if let collectionID = updated.collectionID, !updated.replacedChunkIDs.isEmpty {
            await feed.announce(KnowledgeChange(kind: .chunksDeleted, collectionID: collectionID, chunkIDs: updated.replacedChunkIDs))
        }
        if many { return ["documents": .array(updated.documents)] }
        guard let document = updated.documents.first else { throw SkillHubError(.internalError, "the document was not updated") }
        return chunks == nil ? document : try await embedded(document, in: collection, namespace: namespace, wait: try request.bool("wait", default: false))
    }

    /// A document whose chunks were just stored (or the earlier one it duplicates): embedded now
    /// when the caller waits — or waited for, when this instance's worker is embedding it — then
    /// read again, normally `ready`; else left to the background worker.
    private func embedded(_ document: JSONValue, in collection: String, namespace: PluginDataNamespace, wait: Bool) async throws -> JSONValue {
        guard wait, let id = document["document_id"]?.stringValue.flatMap(UUID.init(uuidString:)) else {
            worker.wake()
            return document
        }
        _ = await worker.embedNow(id)
        let current = try await documents.document(id, in: collection, namespace: namespace)
        guard document["duplicate"] != nil, var fields = current.objectValue else { return current }
        fields["duplicate"] = true
        return .object(fields)
    }

    private func documentID(_ request: RequestFields) throws -> UUID {
        guard let id = UUID(uuidString: try request.requiredString("document_id")) else {
            throw request.invalid("document_id", "must be a UUID")
        }
        return id
    }

    private func documentDraft(_ request: RequestFields) throws -> DocumentDraft {
        DocumentDraft(
            title: try request.string("title") ?? "", source: try request.string("source") ?? "", format: try request.string("format") ?? "",
            checksum: try request.string("checksum") ?? "", byteSize: try request.integer("byte_size", default: 0, in: 0...Int.max),
            metadata: try request.object("metadata") ?? [:], chunks: try chunkDrafts(request)
        )
    }

    private func chunkDrafts(_ request: RequestFields) throws -> [ChunkDraft] {
        guard let items = request.fields["chunks"]?.arrayValue else { throw request.invalid("chunks", "is required (an array of {text, heading_path, metadata})") }
        guard items.count <= Self.maximumChunks else { throw request.invalid("chunks", "holds more than \(Self.maximumChunks) chunks") }
        return try items.enumerated().map { index, item in
            guard let text = item["text"]?.stringValue, !text.isEmpty else { throw request.invalid("chunks[\(index)].text", "must be a non-empty string") }
            guard text.count <= Self.maximumChunkCharacters else {
                throw request.invalid("chunks[\(index)].text", "is longer than \(Self.maximumChunkCharacters) characters")
            }
            let headingPath = item["heading_path"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let metadata = item["metadata"] ?? [:]
            guard metadata.objectValue != nil else { throw request.invalid("chunks[\(index)].metadata", "must be an object") }
            // Headings are searchable with the chunk's own text.
            let terms = tokenizer.tokens((headingPath + [text]).joined(separator: "\n"))
            return ChunkDraft(text: text, headingPath: headingPath, metadata: metadata, lexemes: LexemeText.vector(terms))
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
