import PostgresNIO

extension PostgresRowSequence {
    /// The first row decoded as `type`, or nil when the query returned none.
    func first<Value: PostgresDecodable>(decoding type: Value.Type) async throws -> Value? {
        for try await value in decode(type) { return value }
        return nil
    }
}

extension PostgresRowSequence {
    /// The first row decoded as a tuple of columns, or nil when the query returned none.
    func first<each Column: PostgresDecodable>(decoding type: (repeat each Column).Type) async throws -> (repeat each Column)? {
        for try await value in decode(type) { return value }
        return nil
    }
}
