import Foundation
import NIOConcurrencyHelpers
import SkillHubRedis
import SkillHubStorage
import SkillHubTestSupport
import Testing
@testable import SkillHubKnowledge

/// A change message may be missed while the feed's subscription is down: once it is back, every
/// index is dropped and the server is told, so it can load them again before queries need them.
@Suite("Knowledge change feed")
struct KnowledgeChangeFeedTests {
    /// Counts the changes it is given and the drops it is told to make.
    final class CountedDrops: KnowledgeChangeFollower {
        private let counts = NIOLockedValueBox((applied: 0, dropped: 0))
        var count: Int { counts.withLockedValue { $0.dropped } }
        var applied: Int { counts.withLockedValue { $0.applied } }

        func apply(_ change: KnowledgeChange) async { counts.withLockedValue { $0.applied += 1 } }
        func dropAll() { counts.withLockedValue { $0.dropped += 1 } }
        func preload(_ collection: CollectionHandle) async throws {}
    }

    @Test func aRegainedSubscriptionDropsEveryIndexThenCallsBack() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let follower = CountedDrops()
        let calledBack = NIOLockedValueBox(0)
        let subscriber = RedisSubscriber(
            configuration: server.configuration, backoff: ReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        )
        let feed = KnowledgeChangeFeed(
            redis: RedisConnectionPool(configuration: server.configuration, maxConnections: 1), subscriber: subscriber, followers: [follower],
            instanceID: UUID(), afterDropping: { calledBack.withLockedValue { $0 += 1 } }, logger: .quiet
        )
        let running = Task { try await feed.run() }
        // Subscribed once another instance's change comes through.
        let redis = RedisConnectionPool(configuration: server.configuration, maxConnections: 1)
        let other = KnowledgeChangeFeed(
            redis: redis, subscriber: RedisSubscriber(configuration: server.configuration), followers: [], instanceID: UUID(), logger: .quiet
        )
        let subscribed = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < subscribed, follower.applied == 0 {
            await other.announce(KnowledgeChange(kind: .collectionDeleted, collectionID: UUID()))
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(follower.applied > 0)
        await server.stop()
        try await server.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, calledBack.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(follower.count == 1)
        #expect(calledBack.withLockedValue { $0 } == 1)
        running.cancel()
        await subscriber.shutdown()
        await server.stop()
    }
}
