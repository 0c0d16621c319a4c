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
        let value = try Self.parse(request, "store")
        return try await mapped {
            try await store.handle(value, in: KnowledgeNamespace(plugin: namespace.plugin, account: namespace.account)).serialized()
        }
    }

    func embed(json request: [UInt8]) async throws -> [UInt8] {
        let value = try Self.parse(request, "embed")
        guard let items = value["texts"]?.arrayValue, !items.isEmpty, items.count <= Self.maximumTexts else {
            throw PluginCallError(status: .invalidInput, message: "texts must be an array of 1 to \(Self.maximumTexts) strings")
        }
        let texts = try items.map { item in
            guard let text = item.stringValue else { throw PluginCallError(status: .invalidInput, message: "texts must be an array of strings") }
            return text
        }
        let purpose: EmbeddingPurpose = value["purpose"]?.stringValue == "query" ? .query : .passage
        return try await mapped {
            let result = try await embeddings.embed(texts, purpose: purpose)
            return JSONValue.object([
                "model": .string(embeddings.model), "dimensions": .number(Double(embeddings.dimensions)),
                "vectors": .array(result.vectors.map { .array($0.map { .number(Double($0)) }) }),
                "prompt_tokens": .number(Double(result.promptTokens)),
            ]).serialized()
        }
    }

    private static func parse(_ bytes: [UInt8], _ service: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw PluginCallError(status: .invalidInput, message: "the \(service) request is not JSON: \(error)")
        }
    }

    /// Runs `body`, answering its failures with the status a plugin sees.
    private func mapped(_ body: () async throws -> [UInt8]) async throws -> [UInt8] {
        do {
            return try await body()
        } catch let error as SkillHubError {
            throw PluginCallError(status: Self.status(of: error.code), message: error.message)
        } catch let error as EmbeddingError {
            let status: PluginStatus = switch error {
            case .invalidInput: .invalidInput
            case .timeout: .timeout
            case .unavailable, .badAnswer: .unavailable
            }
            throw PluginCallError(status: status, message: error.description)
        } catch let error as PluginCallError {
            throw error
        } catch where DatabaseUnavailability.matches(error) {
            throw PluginCallError(status: .unavailable, message: "PostgreSQL is unavailable; retry shortly")
        } catch {
            logger.error("document store failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PluginCallError(status: .internal, message: "the document store failed")
        }
    }

    static func status(of code: ErrorCode) -> PluginStatus {
        switch code {
        case .invalidParameter, .payloadTooLarge: .invalidInput
        case .notFound, .skillNotFound: .notFound
        case .conflict: .conflict
        case .timeout: .timeout
        case .serviceUnavailable: .unavailable
        default: .internal
        }
    }
}
