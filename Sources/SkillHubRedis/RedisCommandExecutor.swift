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
