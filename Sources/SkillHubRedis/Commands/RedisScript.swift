import NIOConcurrencyHelpers

/// A Lua script run with EVALSHA, loaded on first use and again whenever the
/// server has forgotten it (NOSCRIPT, e.g. after a restart or SCRIPT FLUSH).
public final class RedisScript: Sendable {
    public let source: String
    private let digest = NIOLockedValueBox<String?>(nil)

    public init(_ source: String) {
        self.source = source
    }

    func cachedDigest() -> String? { digest.withLockedValue { $0 } }
    func remember(_ sha: String) { digest.withLockedValue { $0 = sha } }
}

extension RedisCommandExecutor {
    /// Runs `script` with EVALSHA, loading it with SCRIPT LOAD when needed.
    public func evaluate(_ script: RedisScript, keys: [String] = [], arguments: [RedisArgument] = []) async throws -> RESPValue {
        let tail = [RedisArgument(keys.count)] + keys.map { RedisArgument($0) } + arguments
        if let sha = script.cachedDigest() {
            do {
                return try await send(RedisCommand("EVALSHA", [RedisArgument(sha)] + tail))
            } catch RedisClientError.serverError(let message) where message.hasPrefix("NOSCRIPT") {
                // Fall through and load it again.
            }
        }
        let loaded = try await send(RedisCommand("SCRIPT", ["LOAD", RedisArgument(script.source)]))
        guard let sha = loaded.string else {
            throw RedisClientError.unexpectedReply(command: "SCRIPT LOAD", reply: "\(loaded)")
        }
        script.remember(sha)
        return try await send(RedisCommand("EVALSHA", [RedisArgument(sha)] + tail))
    }
}
