import Foundation
import SearchEngine
import SkillKit

/// `search`: knowledge collections on the host's document store (plugin ABI 1.1's `store`).
/// The plugin reads documents (formats, extraction, OCR through the `ocr` skill) and splits them
/// into chunks (`SearchEngine`); the host stores, embeds and retrieves them, and the plugin
/// reranks through the `rerank` skill on request.
struct SearchSkill: Skill {
    let configuration: SearchConfiguration
    let ingestor: DocumentIngestor

    init(context: SkillContext) async throws {
        configuration = try SearchConfiguration(context.configuration)
        ingestor = DocumentIngestor(configuration: configuration)
        context.log(.info, "search ready (documents up to \(configuration.maxDocumentBytes) bytes; ocr through '\(configuration.ocrSkill)', rerank through '\(configuration.rerankSkill)')")
    }

    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
        let input: JSONValue
        do {
            input = try JSONValue(parsing: request.input)
        } catch {
            throw SkillError(.invalidInput, "the input is not JSON: \(error)")
        }
        let output: JSONValue = switch request.capability {
        case "create_collection":
            try await context.store(collectionRequest("collection.create", input, keys: ["name", "description", "metadata"]))
        case "list_collections":
            try await context.store(["op": "collection.list"])
        case "get_collection":
            try await context.store(collectionRequest("collection.get", input, keys: ["collection"]))
        case "update_collection":
            try await context.store(collectionRequest("collection.update", input, keys: ["collection", "description", "metadata"]))
        case "delete_collection":
            try await context.store(collectionRequest("collection.delete", input, keys: ["collection"]))
        case "reembed_collection":
            try await context.store(collectionRequest("collection.reembed", input, keys: ["collection"]))
        case "add_document":
            try await ingestor.add(input, context: context)
        case "get_document":
            try await context.store(Self.forward("document.get", input, keys: ["collection", "document_id"]))
        case "list_documents":
            try await context.store(Self.forward("document.list", input, keys: ["collection", "status", "limit", "offset"]))
        case "delete_document":
            try await context.store(Self.forward("document.delete", input, keys: ["collection", "document_id"]))
        case "query":
            try await QueryRunner(configuration: configuration).run(input, context: context)
        default:
            throw SkillError.unknownCapability(request.capability)
        }
        return try SkillResponse(json: output)
    }

    /// A collection operation; a chunk strategy given is validated and kept in the collection's settings.
    private func collectionRequest(_ operation: String, _ input: JSONValue, keys: [String]) throws -> JSONValue {
        let request = Self.forward(operation, input, keys: keys)
        guard let strategy = input["chunk_strategy"] else { return request }
        _ = try ChunkStrategyReader.read(strategy)
        return request.merging(["settings": ["chunk_strategy": strategy]])
    }

    /// `{"op": operation}` with the input's fields named by `keys`.
    static func forward(_ operation: String, _ input: JSONValue, keys: [String]) -> JSONValue {
        var fields: [String: JSONValue] = ["op": .string(operation)]
        for key in keys {
            if let value = input[key] { fields[key] = value }
        }
        return .object(fields)
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(SearchSkill.self)
}
