extension RedisCommandExecutor {
    /// PING; returns the server's reply text (PONG).
    @discardableResult
    public func ping() async throws -> String {
        try await send(RedisCommand("PING")).string ?? ""
    }

    /// DEL: the number of keys removed.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await integer(RedisCommand("DEL", keys.map { RedisArgument($0) }))
    }

    /// EXISTS: how many of the keys exist.
    public func exists(_ keys: [String]) async throws -> Int {
        try await integer(RedisCommand("EXISTS", keys.map { RedisArgument($0) }))
    }

    /// PEXPIRE: whether the key existed and now expires.
    @discardableResult
    public func expire(_ key: String, after ttl: Duration) async throws -> Bool {
        try await integer(RedisCommand("PEXPIRE", [RedisArgument(key), RedisArgument(Int(ttl.milliseconds))])) == 1
    }

    /// PTTL: the remaining time to live, nil when the key has none or does not exist.
    public func timeToLive(_ key: String) async throws -> Duration? {
        let milliseconds = try await integer(RedisCommand("PTTL", [RedisArgument(key)]))
        return milliseconds >= 0 ? .milliseconds(milliseconds) : nil
    }

    /// Sends a command whose reply is an integer.
    func integer(_ command: RedisCommand) async throws -> Int {
        let reply = try await send(command)
        guard let value = reply.integer else {
            throw RedisClientError.unexpectedReply(command: command.name, reply: "\(reply)")
        }
        return Int(value)
    }
}
