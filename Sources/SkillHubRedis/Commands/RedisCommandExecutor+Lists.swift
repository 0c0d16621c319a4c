extension RedisCommandExecutor {
    /// LRANGE: the elements from `start` to `stop` (inclusive; negative counts from the end).
    public func listRange(_ key: String, from start: Int, to stop: Int) async throws -> [[UInt8]] {
        let reply = try await send(RedisCommand("LRANGE", [RedisArgument(key), RedisArgument(start), RedisArgument(stop)]))
        guard let items = reply.array else {
            throw RedisClientError.unexpectedReply(command: "LRANGE", reply: "\(reply)")
        }
        return items.compactMap(\.bytes)
    }

    /// RPUSH, then LTRIM to the last `keep` elements and EXPIRE after `ttl`, in one round trip
    /// (a bounded, expiring log of recent items).
    public func listAppend(_ key: String, _ values: [[UInt8]], keep: Int, ttl: Duration) async throws {
        guard !values.isEmpty else { return }
        let milliseconds = max(1, Int(ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000))
        _ = try await checkedPipeline([
            RedisCommand("RPUSH", [RedisArgument(key)] + values.map { RedisArgument(bytes: $0) }),
            RedisCommand("LTRIM", [RedisArgument(key), RedisArgument(-keep), -1]),
            RedisCommand("PEXPIRE", [RedisArgument(key), RedisArgument(milliseconds)]),
        ])
    }
}
