import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubRedis

/// The `jti`s of revoked tokens that have not expired yet, kept in memory so
/// that verifying a token does not wait for Redis.
///
/// Redis holds the list: a sorted set of `jti`s scored by when each token
/// expires. A revocation is added there and published on ``channel``; every
/// instance adds what it hears to its copy. The copy is trusted only while
/// the subscription is live: before the first load, and from a lost
/// connection until the list has been reloaded, each check asks Redis instead.
/// The copy is also reloaded every ``reloadPeriod``, which drops expired entries.
final class RevokedTokenList: Service, Sendable {
    static let key = "skillhub:jwt:revoked"
    static let channel = "skillhub:jwt:revocations"

    private struct State {
        /// `jti` → expiry (seconds since 1970).
        var expiries: [String: Double] = [:]
        var isCurrent = false
    }

    private let redis: any RedisCommandExecutor
    private let subscriber: RedisSubscriber
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    let reloadPeriod: Duration

    init(redis: any RedisCommandExecutor, subscriber: RedisSubscriber, reloadPeriod: Duration = .seconds(60), logger: Logger = Logger(label: "skillhub.auth.revocations")) {
        self.redis = redis
        self.subscriber = subscriber
        self.reloadPeriod = reloadPeriod
        self.logger = logger
    }

    /// Whether the memory copy is live (checks do not ask Redis).
    var isCurrent: Bool { state.withLockedValue(\.isCurrent) }

    /// Whether the token with `jti` was revoked. When Redis must be asked and
    /// cannot answer, the last copy decides: what was revoked before the
    /// outage stays revoked (a revocation during it could not be stored anyway).
    func isRevoked(_ jti: String) async -> Bool {
        let (isCurrent, listed) = state.withLockedValue { state in (state.isCurrent, state.expiries[jti] != nil) }
        if isCurrent { return listed }
        do {
            return try await redis.sortedSetScore(Self.key, member: jti) != nil
        } catch {
            return listed
        }
    }

    /// Revokes the token with `jti` until `expiry`, for every instance.
    func revoke(_ jti: String, until expiry: Date) async throws {
        let score = expiry.timeIntervalSince1970
        try await redis.sortedSetAdd(Self.key, [RedisScoredMember(jti, score: score)])
        state.withLockedValue { $0.expiries[jti] = score }
        _ = try await redis.publish("\(jti) \(score)", to: Self.channel)
    }

    /// Subscribes, loads the list, then follows revocations until shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let revocations = await self.subscriber.subscribeRetrying(to: Self.channel, logger: self.logger) else { return }
            await self.reload()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.follow(revocations) }
                group.addTask { await self.reloadPeriodically() }
                await group.next()
                group.cancelAll()
            }
        }
        state.withLockedValue { $0.isCurrent = false }
    }

    private func follow(_ revocations: RedisSubscriber.Subscription) async {
        for await message in revocations {
            switch message.kind {
            case .interrupted:
                state.withLockedValue { $0.isCurrent = false }
            case .resubscribed:
                await reload()
            case .message:
                let parts = message.text.split(separator: " ")
                guard parts.count == 2, let score = Double(parts[1]) else {
                    logger.warning("ignoring a malformed revocation", metadata: ["payload": "\(message.text.prefix(200))"])
                    continue
                }
                state.withLockedValue { $0.expiries[String(parts[0])] = score }
            }
        }
    }

    private func reloadPeriodically() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: reloadPeriod) } catch { return }
            await reload()
        }
    }

    /// Loads the unexpired revocations (and removes the expired ones from Redis).
    private func reload() async {
        let now = Date().timeIntervalSince1970
        do {
            try await redis.sortedSetRemove(Self.key, scores: -.infinity...now)
            let live = try await redis.sortedSetRange(Self.key, scores: now...Double.infinity)
            state.withLockedValue { state in
                // Kept: what was heard while loading; dropped: what has expired.
                state.expiries = state.expiries.filter { $0.value > now }
                for entry in live { state.expiries[entry.member] = entry.score }
                state.isCurrent = true
            }
        } catch {
            logger.warning("could not load the revoked tokens; asking Redis on each check", metadata: ["error": "\(error)"])
        }
    }
}
