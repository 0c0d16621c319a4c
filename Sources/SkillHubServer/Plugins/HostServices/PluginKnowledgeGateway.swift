import Foundation
import Logging
import SkillHubCore
import SkillHubEmbeddings
import SkillHubKnowledge
import SkillHubPluginHost
import SkillHubStorage

/// The ABI 1.1 services `store` and `embed` on their JSON wire forms: requests parsed,
/// handed to the ``KnowledgeStore`` or the embedding provider, failures turned into the
/// statuses a plugin sees.
struct PluginKnowledgeGateway: Sendable {
    let store: KnowledgeStore
    let embeddings: any EmbeddingProvider
    let logger: Logger
    /// The most texts one `embed` request may carry.
    static let maximumTexts = 2048

    func store(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] {
        let value = try HostServiceAnswers.parse(request, "store")
        return try await HostServiceAnswers.answering("store", logger: logger) {
            try await store.handle(value, in: PluginDataNamespace(plugin: namespace.plugin, account: namespace.account)).serialized()
        }
    }

    func embed(json request: [UInt8]) async throws -> [UInt8] {
        let value = try HostServiceAnswers.parse(request, "embed")
        guard let items = value["texts"]?.arrayValue, !items.isEmpty, items.count <= Self.maximumTexts else {
            throw PluginCallError(status: .invalidInput, message: "texts must be an array of 1 to \(Self.maximumTexts) strings")
        }
        let texts = try items.map { item in
            guard let text = item.stringValue else { throw PluginCallError(status: .invalidInput, message: "texts must be an array of strings") }
            return text
        }
        let purpose: EmbeddingPurpose = value["purpose"]?.stringValue == "query" ? .query : .passage
        return try await HostServiceAnswers.answering("embed", logger: logger) {
            let result = try await embeddings.embed(texts, purpose: purpose)
            return JSONValue.object([
                "model": .string(embeddings.model), "dimensions": .number(Double(embeddings.dimensions)),
                "vectors": .array(result.vectors.map { .array($0.map { .number(Double($0)) }) }),
                "prompt_tokens": .number(Double(result.promptTokens)),
            ]).serialized()
        }
    }
}
