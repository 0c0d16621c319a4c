import Foundation
import SkillHubCore
import SkillHubRedis
import SkillHubRegistry
import SkillHubTestSupport
import Testing

@Suite("The health sweeper's lease")
struct SweeperLeaseTests {
    static let key = "skillhub:lock:health-sweeper"

    /// Polls the sweeper lease's owner every 5 ms (`eventually` polls every 50) until `accepted` takes it.
    static func owner(_ redis: RedisConnectionPool, within timeout: Duration, _ accepted: (String?) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = try await redis.send(RedisCommand("GET", [RedisArgument(key)])).string
            if accepted(current) { return current }
            try await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    @Test func aStandbyLearnsHowLongTheHoldersLeaseHasLeft() async throws {
        let redis = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 1)
        let key = "skillhub:test:lease:\(UUID().uuidString)"
        let holder = LeaseLock(redis: redis, key: key, owner: "holder", lease: .milliseconds(900))
        let standby = LeaseLock(redis: redis, key: key, owner: "standby", lease: .milliseconds(900))
        #expect(try await holder.attempt() == LeaseLock.Outcome(attempt: .acquired))
        #expect(try await holder.attempt() == LeaseLock.Outcome(attempt: .renewed))
        let outcome = try await standby.attempt()
        #expect(outcome.attempt == .heldElsewhere)
        let remaining = try #require(outcome.remaining)
        #expect(remaining > .milliseconds(400) && remaining <= .milliseconds(900))
        _ = try await redis.send(RedisCommand("DEL", [RedisArgument(key)]))
        await redis.shutdown()
    }

    @Test func aStandbyTriesAgainAsTheHoldersLeaseEnds() {
        let period = Duration.seconds(1)
        #expect(HealthSweeper.delayBeforeNextAttempt(sweepPeriod: period, standbyRemaining: nil) == period)
        #expect(HealthSweeper.delayBeforeNextAttempt(sweepPeriod: period, standbyRemaining: .seconds(3)) == period)
        #expect(HealthSweeper.delayBeforeNextAttempt(sweepPeriod: period, standbyRemaining: .milliseconds(400)) == .milliseconds(401))
        #expect(HealthSweeper.delayBeforeNextAttempt(sweepPeriod: period, standbyRemaining: .zero) == .milliseconds(1))
    }

    /// A holder that dies is replaced as its lease ends, not up to a sweep period later: the cluster check
    /// (scripts/cluster.sh check) measured a takeover 1.02 s after a SIGKILL with a 1 s lease.
    @Test func aDeadHoldersLeaseIsTakenAsItEndsNotASweepPeriodLater() async throws {
        // Sweep period 1 s, lease 3 s.
        let policy = HeartbeatPolicy(interval: .seconds(3), deleteAfter: .seconds(30))
        let redis = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 1)
        _ = try await redis.send(RedisCommand("DEL", [RedisArgument(Self.key)]))
        try await TestApplication.make(heartbeat: policy).test(.live) { _ in
            // The application takes the lease at one of its attempts, a sweep period apart: at `taken`.
            let clock = ContinuousClock()
            let application = try #require(try await Self.owner(redis, within: .seconds(4)) { $0 != nil })
            let taken = clock.now
            // A stranger takes it over and "dies" (never renews): its lease ends half a period after the
            // application's next attempt, which finds it held and learns how long it has left.
            let ends = taken + .milliseconds(1500)
            try await Task.sleep(until: taken + .milliseconds(100), clock: clock)
            let left = Int((ends - clock.now).inMilliseconds)
            _ = try await redis.send(RedisCommand("SET", [RedisArgument(Self.key), "a-stranger", "PX", RedisArgument(left)]))
            #expect(try await Self.owner(redis, within: .seconds(4)) { $0 == application } != nil)
            let late = clock.now - ends
            // Before: the attempt after that, a whole period after the first (~0.5 s late).
            #expect(late < .milliseconds(250), "the lease was taken \(late) after the stranger's ended")
        }
        await redis.shutdown()
    }
}
