import Foundation
import SkillHubCore

/// A change to the document store that other instances' in-memory indexes must follow, as
/// published on `skillhub:knowledge:changes`:
/// `{"v": 1, "kind", "collection_id", "document_id", "chunk_ids", "origin"}`.
public struct KnowledgeChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A document's vectors are complete: add them and its chunks' terms.
        case documentReady = "document_ready"
        /// Chunks are gone (a document deleted): remove them.
        case chunksDeleted = "chunks_deleted"
        case collectionDeleted = "collection_deleted"
        /// A re-embedding finished: the collection serves another model now.
        case modelSwitched = "model_switched"
    }

    public var kind: Kind
    public var collectionID: UUID
    public var documentID: UUID?
    public var chunkIDs: [Int64]
    /// The instance that made the change (it has applied it already).
    public var origin: UUID?

    public init(kind: Kind, collectionID: UUID, documentID: UUID? = nil, chunkIDs: [Int64] = [], origin: UUID? = nil) {
        self.kind = kind
        self.collectionID = collectionID
        self.documentID = documentID
        self.chunkIDs = chunkIDs
        self.origin = origin
    }

    /// The message's JSON (format version 1).
    func serialized() -> [UInt8] {
        var fields: [String: JSONValue] = [
            "v": 1, "kind": .string(kind.rawValue), "collection_id": .string(collectionID.lowercasedString),
        ]
        if let documentID { fields["document_id"] = .string(documentID.lowercasedString) }
        if !chunkIDs.isEmpty { fields["chunk_ids"] = .array(chunkIDs.map { .number(Double($0)) }) }
        if let origin { fields["origin"] = .string(origin.lowercasedString) }
        return JSONValue.object(fields).serialized()
    }

    /// A message read back; nil when it is not one (or of a later format this instance does not know).
    init?(message: [UInt8]) {
        guard let value = try? JSONValue(parsing: message), value["v"]?.intValue == 1,
              let kind = value["kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
              let collectionID = value["collection_id"]?.stringValue.flatMap(UUID.init(uuidString:))
        else { return nil }
        self.kind = kind
        self.collectionID = collectionID
        documentID = value["document_id"]?.stringValue.flatMap(UUID.init(uuidString:))
        chunkIDs = value["chunk_ids"]?.arrayValue?.compactMap { $0.doubleValue.flatMap { Int64(exactly: $0) } } ?? []
        origin = value["origin"]?.stringValue.flatMap(UUID.init(uuidString:))
    }
}
