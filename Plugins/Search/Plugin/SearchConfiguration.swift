import SkillKit

/// The `search` skill's settings (`default_config`, overlaid by the host's environment).
struct SearchConfiguration: Sendable {
    /// The largest document taken, in bytes (`search_max_document_bytes`).
    var maxDocumentBytes: Int
    /// How long fetching a document by URL may take (`search_fetch_timeout_ms`).
    var fetchTimeout: Duration
    /// The skill that reads images (`search_ocr_skill`) and its default languages (`search_ocr_languages`).
    var ocrSkill: String
    var ocrLanguages: String
    /// The skill that reranks (`search_rerank_skill`).
    var rerankSkill: String

    init(_ values: [String: JSONValue]) throws {
        func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
            let value = values[key]?.intValue ?? values[key]?.stringValue.flatMap { Int($0) }
            guard let value, range.contains(value) else {
                throw SkillError(.invalidInput, "\(key) must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func text(_ key: String) throws -> String {
            guard let value = values[key]?.stringValue, !value.isEmpty else { throw SkillError(.invalidInput, "\(key) must be a non-empty string") }
            return value
        }
        maxDocumentBytes = try integer("search_max_document_bytes", 1...(1 << 30))
        fetchTimeout = .milliseconds(try integer("search_fetch_timeout_ms", 100...600_000))
        ocrSkill = try text("search_ocr_skill")
        ocrLanguages = try text("search_ocr_languages")
        rerankSkill = try text("search_rerank_skill")
    }
}
