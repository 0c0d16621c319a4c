/// Something that runs Redis commands: a single connection or the pool.
///
/// The typed commands (strings, hashes, sorted sets, scripts, publish) are
/// extensions on this protocol, so they work on both.
public protocol RedisCommandExecutor: Sendable {
    /// Sends one command; an error reply is thrown as ``RedisClientError/serverError(_:)``.
    func send(_ command: RedisCommand) async throws -> RESPValue

    /// Sends commands back to back and returns their replies in order; error
    /// replies are returned as ``RESPValue/error(_:)`` values, not thrown.
    func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue]
}

extension RedisCommandExecutor {
    /// ``pipeline(_:)`` for commands that must all succeed: the first error
    /// reply is thrown as ``RedisClientError/serverError(_:)``.
    @discardableResult
    public func checkedPipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        let replies = try await pipeline(commands)
        for case .error(let message) in replies {
            throw RedisClientError.serverError(message)
        }
        return replies
    }
}
