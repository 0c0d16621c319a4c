import Crypto
import Foundation
import MemoryEngine
import SkillKit

/// Memories kept as documents of the host's store (ABI 1.1 `store`), in a collection `memories`
/// of the caller's account: one document per memory, its text the title and its one chunk (what
/// full text and vectors search), its fields in the document's metadata — `kind: "memory"`, the
/// scope ids, `type`, `state` (`active`, `archived`, `deleted`), `access_count`,
/// `last_accessed_at`, `memory_updated_at`, `expiration_date`, the caller's `metadata` and the
/// `history` of changes. Deleted memories keep their history (as mem0 does) and are never
/// listed or searched.
struct MemoryRecords: Sendable {
    let context: SkillContext
    static let collection = "memories"
    /// The history entries a memory keeps (the oldest are dropped).
    static let historyLength = 100

    /// The collection, made on first use.
    func prepare() async throws {
        do {
            _ = try await context.store(["op": "collection.get", "collection": .string(Self.collection)])
        } catch let error as SkillError where error.status == .notFound {
            do {
                _ = try await context.store([
                    "op": "collection.create", "name": .string(Self.collection),
                    "description": "long-term memories of the memory skill", "settings": ["kind": "memory"],
                ])
            } catch let error as SkillError where error.status == .conflict {}
        }
    }

    /// Stores a new memory, embedded before this returns (searchable at once); an identical
    /// memory of the same scope already kept is answered instead (`duplicate`).
    func add(
        text: String, type: MemoryType, scope: MemoryScope, metadata: JSONValue?, expiration: String?, actor: String, now: Date
    ) async throws -> (document: JSONValue, duplicate: Bool) {
        var fields = scope.fields
        let at = JSONValue.string(Self.timestamp(now))
        fields["kind"] = "memory"
        fields["type"] = .string(type.rawValue)
        fields["state"] = "active"
        fields["access_count"] = 0
        fields["last_accessed_at"] = at
        fields["memory_updated_at"] = at
        fields["metadata"] = metadata ?? [:]
        fields["hash"] = .string(Self.hash(text))
        if let expiration { fields["expiration_date"] = .string(expiration) }
        fields["history"] = [Self.historyEntry("ADD", old: nil, new: text, actor: actor, at: now)]
        let document = try await context.store([
            "op": "document.add", "collection": .string(Self.collection), "title": .string(text), "format": "memory",
            "checksum": .string(Self.checksum(text, scope: scope)), "chunks": [["text": .string(text)]],
            "metadata": .object(fields), "wait": true,
        ])
        return (document, document["duplicate"] == .bool(true))
    }

    /// A memory's document; 404 when there is none or it was deleted.
    func document(_ id: String) async throws -> JSONValue {
        let document = try await context.store(["op": "document.get", "collection": .string(Self.collection), "document_id": .string(id)])
        guard document["metadata"]?["kind"]?.stringValue == "memory", document["metadata"]?["state"]?.stringValue != "deleted" else {
            throw SkillError(.notFound, "memory \(id) not found")
        }
        return document
    }

    /// Changes a memory's text (embedded again before this returns), metadata and state, adding
    /// an entry to its history.
    func change(
        _ document: JSONValue, text: String? = nil, state: String? = nil, metadata: JSONValue? = nil, event: String, actor: String, now: Date
    ) async throws -> JSONValue {
        guard let id = document["document_id"]?.stringValue else { throw SkillError(.internal, "a memory without an id") }
        let old = document["title"]?.stringValue
        var history = document["metadata"]?["history"]?.arrayValue ?? []
        history.append(Self.historyEntry(event, old: old, new: event == "DELETE" ? nil : (text ?? old), actor: actor, at: now))
        var patch: [String: JSONValue] = ["history": .array(history.suffix(Self.historyLength)), "memory_updated_at": .string(Self.timestamp(now))]
        if let state {
            patch["state"] = .string(state)
            // Brought back (restored, or added again): in use from now on.
            if state == "active" { patch["last_accessed_at"] = .string(Self.timestamp(now)) }
        }
        if let metadata { patch["metadata"] = metadata }
        var request: [String: JSONValue] = [
            "op": "document.update", "collection": .string(Self.collection), "document_id": .string(id), "metadata": .object(patch),
        ]
        if let text, text != old {
            request["title"] = .string(text)
            request["chunks"] = [["text": .string(text)]]
            request["wait"] = true
            patch["hash"] = .string(Self.hash(text))
            request["metadata"] = .object(patch)
        }
        return try await context.store(.object(request))
    }

    /// Memories of a scope in the given states, newest first; and how many there are.
    func list(scope: MemoryScope, state: String, limit: Int, offset: Int) async throws -> (documents: [JSONValue], total: Int) {
        var filter = scope.fields
        filter["kind"] = "memory"
        filter["state"] = .string(state)
        let page = try await context.store([
            "op": "document.list", "collection": .string(Self.collection), "filter": .object(filter),
            "limit": .number(Double(limit)), "offset": .number(Double(offset)),
        ])
        return (page["documents"]?.arrayValue ?? [], page["total"]?.intValue ?? 0)
    }

    /// The store's hybrid query over a scope's memories in `state`.
    func query(_ text: String, scope: MemoryScope, state: String = "active", topK: Int) async throws -> [JSONValue] {
        var filter = scope.fields
        filter["kind"] = "memory"
        filter["state"] = .string(state)
        let answer = try await context.store([
            "op": "query", "collection": .string(Self.collection), "query": .string(text), "mode": "hybrid",
            "top_k": .number(Double(topK)), "filter": .object(filter),
        ])
        return answer["results"]?.arrayValue ?? []
    }

    /// Counts a use of each memory (a search returned it): its access count and last use.
    func touch(_ ids: [String], now: Date) async throws {
        guard !ids.isEmpty else { return }
        _ = try await context.store([
            "op": "document.update", "collection": .string(Self.collection), "document_ids": .array(ids.map(JSONValue.string)),
            "increment": ["access_count": 1], "metadata": ["last_accessed_at": .string(Self.timestamp(now))],
        ])
    }

    /// Removes a memory for good (an expired one).
    func purge(_ id: String) async throws {
        _ = try await context.store(["op": "document.delete", "collection": .string(Self.collection), "document_id": .string(id)])
    }

    /// A memory as callers see it (mem0's fields, plus SkillHub's).
    static func memory(_ document: JSONValue) -> JSONValue {
        let metadata = document["metadata"] ?? [:]
        var memory: [String: JSONValue] = [
            "id": document["document_id"] ?? .null,
            "memory": document["title"] ?? "",
            "hash": metadata["hash"] ?? .null,
            "type": metadata["type"] ?? "fact",
            "state": metadata["state"] ?? "active",
            "metadata": metadata["metadata"] ?? [:],
            "access_count": metadata["access_count"] ?? 0,
            "last_accessed_at": metadata["last_accessed_at"] ?? .null,
            "created_at": document["created_at"] ?? .null,
            "updated_at": metadata["memory_updated_at"] ?? document["created_at"] ?? .null,
            "expiration_date": metadata["expiration_date"] ?? .null,
        ]
        for key in ["user_id", "agent_id", "session_id"] {
            if let value = metadata[key] { memory[key] = value }
        }
        if let session = metadata["session_id"] { memory["run_id"] = session }
        return .object(memory)
    }

    /// A history entry (mem0's: old → new, the event, who, when).
    static func historyEntry(_ event: String, old: String?, new: String?, actor: String, at date: Date) -> JSONValue {
        ["event": .string(event), "old_memory": old.map(JSONValue.string) ?? .null, "new_memory": new.map(JSONValue.string) ?? .null,
         "actor": .string(actor), "created_at": .string(timestamp(date))]
    }

    /// When a memory was last used (its last access, else its last change).
    static func lastUsed(_ metadata: JSONValue?) -> Date? {
        (metadata?["last_accessed_at"]?.stringValue ?? metadata?["memory_updated_at"]?.stringValue).flatMap(date)
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The same text in the same scope is one memory.
    static func checksum(_ text: String, scope: MemoryScope) -> String {
        hash(scope.key + "\u{1F}" + MemoryText.normalized(text))
    }
}
