/// When SET writes the value.
public enum RedisSetCondition: Sendable {
    case always
    /// Only if the key does not exist (NX).
    case ifNotExists
    /// Only if the key exists (XX).
    case ifExists
}

extension RedisCommandExecutor {
    /// GET: the value, or nil when the key does not exist.
    public func get(_ key: String) async throws -> [UInt8]? {
        try await send(RedisCommand("GET", [RedisArgument(key)])).bytes
    }

    /// GET as UTF-8 text.
    public func getString(_ key: String) async throws -> String? {
        try await get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// SET with an optional time to live and condition; false when the condition kept it from writing.
    @discardableResult
    public func set(
        _ key: String,
        to value: [UInt8],
        expiresAfter ttl: Duration? = nil,
        condition: RedisSetCondition = .always
    ) async throws -> Bool {
        var arguments = [RedisArgument(key), RedisArgument(bytes: value)]
        if let ttl { arguments += ["PX", RedisArgument(max(1, Int(ttl.milliseconds)))] }
        switch condition {
        case .always: break
        case .ifNotExists: arguments.append("NX")
        case .ifExists: arguments.append("XX")
        }
        return try await send(RedisCommand("SET", arguments)) != .null
    }

    @discardableResult
    public func set(
        _ key: String,
        to value: String,
        expiresAfter ttl: Duration? = nil,
        condition: RedisSetCondition = .always
    ) async throws -> Bool {
        try await set(key, to: Array(value.utf8), expiresAfter: ttl, condition: condition)
    }

    /// INCRBY: the new value.
    @discardableResult
    public func increment(_ key: String, by amount: Int = 1) async throws -> Int {
        try await integer(RedisCommand("INCRBY", [RedisArgument(key), RedisArgument(amount)]))
    }
}
