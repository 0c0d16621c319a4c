import SkillHubCore

/// The answer of `rerank`, in the Cohere/Jina shape:
/// `{"results": [{"index", "relevance_score", "id"?, "document"?}], "provider", "model"?}`.
public struct RerankOutput: Sendable, Equatable, Encodable {
    /// Most relevant first; ties in input order.
    public var results: [RerankResult]
    /// The provider that scored: `local`, `cohere`, `tei` or `vikingdb`.
    public var provider: String
    /// The model asked for, for remote providers.
    public var model: String?

    public init(results: [RerankResult], provider: String, model: String? = nil) {
        self.results = results
        self.provider = provider
        self.model = model
    }
}

/// One scored document.
public struct RerankResult: Sendable, Equatable, Encodable {
    /// The document's position in the input `documents`.
    public var index: Int
    /// The provider's relevance (0…1 for every provider; see the skill's documentation).
    public var relevanceScore: Double
    /// The document's id, when it was given one.
    public var id: String?
    /// The document, when `return_documents` is true.
    public var document: ReturnedDocument?

    public init(index: Int, relevanceScore: Double, id: String? = nil, document: ReturnedDocument? = nil) {
        self.index = index
        self.relevanceScore = relevanceScore
        self.id = id
        self.document = document
    }

    enum CodingKeys: String, CodingKey {
        case index, id, document
        case relevanceScore = "relevance_score"
    }
}

/// A document echoed in a result: `{"text", "metadata"?}`.
public struct ReturnedDocument: Sendable, Equatable, Encodable {
    public var text: String
    public var metadata: JSONValue?

    public init(text: String, metadata: JSONValue? = nil) {
        self.text = text
        self.metadata = metadata
    }
}
