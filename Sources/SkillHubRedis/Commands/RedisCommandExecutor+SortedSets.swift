/// A sorted-set member and its score.
public struct RedisScoredMember: Sendable, Hashable {
    public var member: String
    public var score: Double

    public init(_ member: String, score: Double) {
        self.member = member
        self.score = score
    }
}

extension RedisCommandExecutor {
    /// ZADD: the number of new members.
    @discardableResult
    public func sortedSetAdd(_ key: String, _ members: [RedisScoredMember]) async throws -> Int {
        guard !members.isEmpty else { return 0 }
        let arguments = members.flatMap { [RedisArgument($0.score), RedisArgument($0.member)] }
        return try await integer(RedisCommand("ZADD", [RedisArgument(key)] + arguments))
    }

    /// ZREM: the number of members removed.
    @discardableResult
    public func sortedSetRemove(_ key: String, _ members: [String]) async throws -> Int {
        guard !members.isEmpty else { return 0 }
        return try await integer(RedisCommand("ZREM", [RedisArgument(key)] + members.map { RedisArgument($0) }))
    }

    /// ZSCORE: the member's score, or nil.
    public func sortedSetScore(_ key: String, member: String) async throws -> Double? {
        try await send(RedisCommand("ZSCORE", [RedisArgument(key), RedisArgument(member)])).double
    }

    /// ZCARD: the number of members.
    public func sortedSetCount(_ key: String) async throws -> Int {
        try await integer(RedisCommand("ZCARD", [RedisArgument(key)]))
    }

    /// ZRANGEBYSCORE … WITHSCORES, lowest score first, at most `limit` members.
    public func sortedSetRange(
        _ key: String,
        scores: ClosedRange<Double>,
        limit: Int? = nil
    ) async throws -> [RedisScoredMember] {
        var arguments = [RedisArgument(key), RedisArgument(scores.lowerBound), RedisArgument(scores.upperBound), "WITHSCORES"]
        if let limit { arguments += ["LIMIT", 0, RedisArgument(limit)] }
        let reply = try await send(RedisCommand("ZRANGEBYSCORE", arguments))
        guard let items = reply.array, items.count.isMultiple(of: 2) else {
            throw RedisClientError.unexpectedReply(command: "ZRANGEBYSCORE", reply: "\(reply)")
        }
        return stride(from: 0, to: items.count, by: 2).compactMap { index in
            guard let member = items[index].string, let score = items[index + 1].double else { return nil }
            return RedisScoredMember(member, score: score)
        }
    }

    /// ZREMRANGEBYSCORE: the number of members removed.
    @discardableResult
    public func sortedSetRemove(_ key: String, scores: ClosedRange<Double>) async throws -> Int {
        try await integer(
            RedisCommand("ZREMRANGEBYSCORE", [RedisArgument(key), RedisArgument(scores.lowerBound), RedisArgument(scores.upperBound)])
        )
    }
}
