/// Where the document store's vector channel searches (`VECTOR_STORE_TYPE`, seed 001's name).
/// Only the embedded store is built in: PostgreSQL keeps the vectors and each instance searches
/// in-memory indexes. Seed 001's distributed engines are named so that choosing one says
/// clearly that it is not available yet, instead of being silently ignored.
public enum VectorStoreType: String, Sendable, CaseIterable {
    case memory

    /// Engines seed 001 names that SkillHub does not speak yet.
    static let notYetSupported: Set<String> = ["milvus", "vikingdb", "elasticsearch", "oceanbase"]

    static func read(_ reader: inout EnvironmentReader) -> VectorStoreType {
        guard let text = reader.raw("VECTOR_STORE_TYPE")?.lowercased(), text != memory.rawValue else { return .memory }
        if notYetSupported.contains(text) {
            reader.report("VECTOR_STORE_TYPE", "'\(text)' is not supported yet; 'memory' (vectors in PostgreSQL, searched in in-memory indexes) is the store SkillHub has")
        } else {
            reader.report("VECTOR_STORE_TYPE", "'\(text)' is not valid; expected memory")
        }
        return .memory
    }
}
