import Foundation
import SkillHubCore

/// A `rerank` call: `{"query", "documents", "top_n"?, "return_documents"?, "model"?}`.
struct RerankRequest {
    var query: String
    var documents: [RerankDocument]
    /// How many results to answer (all documents when not given).
    var topN: Int
    var returnDocuments: Bool
    /// Overrides the configured model of a remote provider.
    var model: String?

    /// Parses and checks a `rerank` input.
    init(_ input: [String: JSONValue], maxDocuments: Int) throws {
        guard case .string(let query)? = input["query"] else {
            throw RerankError.invalidInput("query is required: a non-empty string")
        }
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RerankError.invalidInput("query must not be empty")
        }
        guard case .array(let rawDocuments)? = input["documents"] else {
            throw RerankError.invalidInput("documents is required: an array of strings or {\"text\": …} objects")
        }
        guard !rawDocuments.isEmpty else { throw RerankError.invalidInput("documents must hold at least one document") }
        guard rawDocuments.count <= maxDocuments else {
            throw RerankError.invalidInput("documents has \(rawDocuments.count) entries; the most is \(maxDocuments) (rerank_max_documents)")
        }
        self.query = query
        documents = try rawDocuments.enumerated().map { try RerankDocument($1, index: $0) }
        topN = min(try InputReader.positiveInteger(input["top_n"], name: "top_n") ?? documents.count, documents.count)
        returnDocuments = try InputReader.bool(input["return_documents"], name: "return_documents") ?? false
        model = try InputReader.string(input["model"], name: "model")
    }
}
