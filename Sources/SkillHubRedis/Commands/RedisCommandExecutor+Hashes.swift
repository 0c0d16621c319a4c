extension RedisCommandExecutor {
    /// HSET: the number of fields that were added (not updated).
    @discardableResult
    public func hashSet(_ key: String, fields: [String: String]) async throws -> Int {
        guard !fields.isEmpty else { return 0 }
        let arguments = fields.sorted { $0.key < $1.key }.flatMap { [RedisArgument($0.key), RedisArgument($0.value)] }
        return try await integer(RedisCommand("HSET", [RedisArgument(key)] + arguments))
    }

    /// HGET: the field's value, or nil.
    public func hashGet(_ key: String, field: String) async throws -> String? {
        try await send(RedisCommand("HGET", [RedisArgument(key), RedisArgument(field)])).string
    }

    /// HGETALL as a dictionary.
    public func hashGetAll(_ key: String) async throws -> [String: String] {
        let reply = try await send(RedisCommand("HGETALL", [RedisArgument(key)]))
        guard let items = reply.array, items.count.isMultiple(of: 2) else {
            throw RedisClientError.unexpectedReply(command: "HGETALL", reply: "\(reply)")
        }
        var result: [String: String] = [:]
        for index in stride(from: 0, to: items.count, by: 2) {
            if let field = items[index].string, let value = items[index + 1].string { result[field] = value }
        }
        return result
    }

    /// HDEL: the number of fields removed.
    @discardableResult
    public func hashDelete(_ key: String, fields: [String]) async throws -> Int {
        try await integer(RedisCommand("HDEL", [RedisArgument(key)] + fields.map { RedisArgument($0) }))
    }

    /// HINCRBY: the field's new value.
    @discardableResult
    public func hashIncrement(_ key: String, field: String, by amount: Int = 1) async throws -> Int {
        try await integer(RedisCommand("HINCRBY", [RedisArgument(key), RedisArgument(field), RedisArgument(amount)]))
    }
}
