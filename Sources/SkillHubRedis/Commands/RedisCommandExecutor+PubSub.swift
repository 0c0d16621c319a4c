extension RedisCommandExecutor {
    /// PUBLISH: the number of subscribers that received the message.
    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        try await integer(RedisCommand("PUBLISH", [RedisArgument(channel), RedisArgument(message)]))
    }
}
