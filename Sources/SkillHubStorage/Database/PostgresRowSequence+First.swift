import PostgresNIO

extension PostgresRowSequence {
    /// The first row decoded as `type`, or nil when the query returned none.
    func first<Value: PostgresDecodable>(decoding type: Value.Type) async throws -> Value? {
        for try await value in decode(type) { return value }
        return nil
    }
}
