import SkillHubTestSupport
import Testing

@testable import SkillHubRedis

@Suite("Redis client against the test server")
struct RedisClientTests {
    let pool: RedisConnectionPool

    init() throws {
        pool = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 4)
    }

    @Test func stringsRoundTripBinaryValuesWithTTL() async throws {
        let key = TestStack.uniqueName("bin")
        let value: [UInt8] = (0...255).map(UInt8.init)
        try await pool.set(key, to: value, expiresAfter: .seconds(30))
        #expect(try await pool.get(key) == value)
        let ttl = try #require(try await pool.timeToLive(key))
        #expect(ttl > .seconds(25) && ttl <= .seconds(30))
        #expect(try await pool.get(TestStack.uniqueName("missing")) == nil)
        #expect(try await pool.set(key, to: "other", condition: .ifNotExists) == false)
        #expect(try await pool.delete([key]) == 1)
    }

    @Test func hashesAndCounters() async throws {
        let key = TestStack.uniqueName("hash")
        #expect(try await pool.hashSet(key, fields: ["a": "1", "b": "two"]) == 2)
        #expect(try await pool.hashGet(key, field: "b") == "two")
        #expect(try await pool.hashIncrement(key, field: "a", by: 41) == 42)
        #expect(try await pool.hashGetAll(key) == ["a": "42", "b": "two"])
        #expect(try await pool.hashDelete(key, fields: ["b"]) == 1)
        try await pool.delete([key])
    }

    @Test func sortedSetsOrderByScore() async throws {
        let key = TestStack.uniqueName("zset")
        try await pool.sortedSetAdd(key, [.init("late", score: 30), .init("early", score: 10), .init("middle", score: 20)])
        let due = try await pool.sortedSetRange(key, scores: 0...25)
        #expect(due.map(\.member) == ["early", "middle"])
        #expect(try await pool.sortedSetScore(key, member: "late") == 30)
        #expect(try await pool.sortedSetRemove(key, scores: 0...15) == 1)
        #expect(try await pool.sortedSetCount(key) == 2)
        try await pool.delete([key])
    }

    @Test func pipelinedRepliesComeBackInOrder() async throws {
        let key = TestStack.uniqueName("counter")
        let commands = (0..<500).map { _ in RedisCommand("INCR", [RedisArgument(key)]) }
        let replies = try await pool.pipeline(commands)
        #expect(replies.map(\.integer) == (1...500).map { Int64($0) })
        try await pool.delete([key])
    }

    @Test func concurrentCommandsOnOneConnectionGetTheirOwnReplies() async throws {
        let connection = try await RedisConnection.connect(to: try TestStack.redisConfiguration())
        let prefix = TestStack.uniqueName("concurrent")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let reply = try await connection.send(RedisCommand("ECHO", [RedisArgument("\(prefix)-\(index)")]))
                    #expect(reply.string == "\(prefix)-\(index)")
                }
            }
            try await group.waitForAll()
        }
        await connection.close()
    }

    @Test func errorRepliesAreThrownAndTheConnectionStaysUsable() async throws {
        let key = TestStack.uniqueName("wrongtype")
        try await pool.hashSet(key, fields: ["a": "1"])
        await #expect(throws: RedisClientError.self) { try await pool.get(key) }
        let replies = try await pool.pipeline([RedisCommand("GET", [RedisArgument(key)]), RedisCommand("PING")])
        guard case .error(let message) = replies[0] else {
            Issue.record("expected an error reply, got \(replies[0])")
            return
        }
        #expect(message.hasPrefix("WRONGTYPE"))
        #expect(replies[1] == .simpleString("PONG"))
        try await pool.delete([key])
    }

    @Test func scriptsReloadAfterTheServerForgetsThem() async throws {
        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        let key = TestStack.uniqueName("script")
        #expect(try await pool.evaluate(script, keys: [key], arguments: [5]).integer == 5)
        #expect(try await pool.evaluate(script, keys: [key], arguments: [5]).integer == 10)
        _ = try await pool.send(RedisCommand("SCRIPT", ["FLUSH"]))
        #expect(try await pool.evaluate(script, keys: [key], arguments: [1]).integer == 11)
        try await pool.delete([key])
    }

    @Test func poolNeverOpensMoreThanItsBound() async throws {
        let small = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 2, leaseTimeout: .seconds(10))
        let list = TestStack.uniqueName("list")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { _ = try await small.send(RedisCommand("BLPOP", [RedisArgument(list), "0.2"])) }
            }
            try await Task.sleep(for: .milliseconds(100))
            let statistics = await small.statistics
            #expect(statistics.openConnections == 2)
            #expect(statistics.waiting > 0)
            try await group.waitForAll()
        }
        #expect(await small.statistics.openConnections == 2)
        await small.shutdown()
    }

    @Test func leaseTimesOutWhenEveryConnectionIsBusy() async throws {
        let small = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 1, leaseTimeout: .milliseconds(200))
        let list = TestStack.uniqueName("list")
        async let holder: RESPValue = small.send(RedisCommand("BLPOP", [RedisArgument(list), "1"]))
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: RedisClientError.poolExhausted(maxConnections: 1)) { try await small.ping() }
        _ = try await holder
        await small.shutdown()
    }

    @Test func pubSubDeliversPublishedMessages() async throws {
        let subscriber = RedisSubscriber(configuration: try TestStack.redisConfiguration())
        let channel = TestStack.uniqueName("events")
        let messages = try await subscriber.subscribe(to: channel)
        #expect(try await pool.publish("first", to: channel) == 1)
        try await pool.publish("second", to: channel)
        var received: [String] = []
        for await message in messages {
            #expect(message.channel == channel)
            received.append(message.text)
            if received.count == 2 { break }
        }
        #expect(received == ["first", "second"])
        await subscriber.shutdown()
    }
}
