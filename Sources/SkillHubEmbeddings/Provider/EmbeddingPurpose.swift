/// What a text is embedded for: asymmetric models (e5, Gemini) embed a search query and the passages it
/// should find differently.
public enum EmbeddingPurpose: String, Sendable, Hashable, CaseIterable {
    /// A search query (e5's `query: `, Gemini's `RETRIEVAL_QUERY`).
    case query
    /// A passage to be found: a document chunk, a memory (e5's `passage: `, Gemini's `RETRIEVAL_DOCUMENT`).
    case passage
}
