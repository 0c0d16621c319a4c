import Foundation
import NIOConcurrencyHelpers
import SkillHubCore
import SkillHubRedis
import SkillHubStorage
import SkillHubTestSupport
import Testing

@testable import SkillHubServer

/// A verified API key is remembered only while key changes are followed through Redis, never past
/// its expiry, and is forgotten by every instance when its user's keys change.
@Suite("API key cache: remembered while followed, forgotten on change")
struct APIKeyCacheTests {
    /// PostgreSQL's answer, counted.
    final class Lookups: Sendable {
        private let count = NIOLockedValueBox(0)
        let holder: APIKeyHolder
        let accountID = TestStack.uniqueName("acct")

        init(expiresAt: Date? = nil) {
            holder = APIKeyHolder(principal: Principal(accountID: accountID, userID: "ann", role: .user), expiresAt: expiresAt)
        }

        var made: Int { count.withLockedValue { $0 } }
        func lookUp() -> APIKeyHolder? {
            count.withLockedValue { $0 += 1 }
            return holder
        }
    }

    let redis: RedisConnectionPool

    init() throws {
        redis = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 2)
    }

    func cache(_ configuration: RedisConnectionConfiguration? = nil, maxAge: Duration = .seconds(30)) -> APIKeyCache {
        APIKeyCache(redis: redis, subscriber: RedisSubscriber(configuration: configuration ?? redis.configuration), maxAge: maxAge)
    }

    /// Runs `caches` until `body` returns, once each follows key changes.
    func running<T>(_ caches: [APIKeyCache], _ body: () async throws -> T) async throws -> T {
        let runs = caches.map { cache in Task { try await cache.run() } }
        defer { runs.forEach { $0.cancel() } }
        #expect(try await eventually(within: .seconds(5)) { caches.allSatisfy(\.isCurrent) })
        return try await body()
    }

    static let hash = Array("a key's hash".utf8)

    @Test func aVerifiedKeyIsRememberedOnlyWhileChangesAreFollowed() async throws {
        let (cache, lookups) = (cache(), Lookups())
        for _ in 0..<2 {
            let found = try await cache.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
            #expect(found == lookups.holder)
        }
        #expect(lookups.made == 2)  // not followed yet: every call asks
        try await running([cache]) {
            for _ in 0..<3 {
                let found = try await cache.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
                #expect(found == lookups.holder)
            }
        }
        #expect(lookups.made == 3)
    }

    @Test func anInvalidKeyIsNeverRemembered() async throws {
        let cache = cache()
        let asked = NIOLockedValueBox(0)
        try await running([cache]) {
            for _ in 0..<2 {
                let found = try await cache.holder(ofKeyHash: Self.hash) {
                    asked.withLockedValue { $0 += 1 }
                    return nil
                }
                #expect(found == nil)
            }
        }
        #expect(asked.withLockedValue { $0 } == 2)
    }

    @Test func aKeyIsLookedUpAgainOnceItExpiresOrAges() async throws {
        let (expiring, expiringLookups) = (cache(), Lookups(expiresAt: Date().addingTimeInterval(0.2)))
        let (aging, agingLookups) = (cache(maxAge: .milliseconds(200)), Lookups())
        try await running([expiring, aging]) {
            _ = try await expiring.holder(ofKeyHash: Self.hash, lookUp: expiringLookups.lookUp)
            _ = try await aging.holder(ofKeyHash: Self.hash, lookUp: agingLookups.lookUp)
            try await Task.sleep(for: .milliseconds(300))
            _ = try await expiring.holder(ofKeyHash: Self.hash, lookUp: expiringLookups.lookUp)
            _ = try await aging.holder(ofKeyHash: Self.hash, lookUp: agingLookups.lookUp)
        }
        #expect(expiringLookups.made == 2)
        #expect(agingLookups.made == 2)
    }

    @Test func aKeyChangeIsForgottenHereAtOnceAndElsewhereThroughPubSub() async throws {
        let (here, there, lookups) = (cache(), cache(), Lookups())
        let (accountID, userID) = (lookups.accountID, lookups.holder.principal.userID)
        try await running([here, there]) {
            for cache in [here, there] { _ = try await cache.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp) }
            #expect(lookups.made == 2)
            await here.forget(accountID: accountID, userID: "someone else")
            await here.forget(accountID: TestStack.uniqueName("other"), userID: userID)
            _ = try await here.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
            #expect(lookups.made == 2)  // another user's change leaves the key remembered

            await here.forget(accountID: accountID, userID: userID)
            _ = try await here.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
            #expect(lookups.made == 3)  // at once on the instance that made the change
            #expect(try await eventually(within: .seconds(1)) {
                _ = try await there.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
                return lookups.made >= 4
            })
        }
    }

    @Test func aLookUpThatRacedAChangeIsNotRemembered() async throws {
        let (cache, lookups) = (cache(), Lookups())
        try await running([cache]) {
            _ = try await cache.holder(ofKeyHash: Self.hash) {
                await cache.forget(accountID: lookups.accountID, userID: "ann")  // the key revoked while PostgreSQL answered
                return lookups.lookUp()
            }
            _ = try await cache.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
        }
        #expect(lookups.made == 2)
    }

    @Test func withRedisGoneNothingIsRemembered() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let cache = APIKeyCache(
            redis: RedisConnectionPool(configuration: server.configuration, maxConnections: 1),
            subscriber: RedisSubscriber(configuration: server.configuration, backoff: ReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100)))
        )
        let lookups = Lookups()
        try await running([cache]) {
            _ = try await cache.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
            await server.stop()
            #expect(try await eventually(within: .seconds(5)) { !cache.isCurrent })
            _ = try await cache.holder(ofKeyHash: Self.hash, lookUp: lookups.lookUp)
        }
        #expect(lookups.made == 2)
    }
}
