import Foundation
import Logging
import ServiceLifecycle
import SkillHubRedis

/// Tells the in-memory indexes (vector and term) of this instance and the others about a change.
public protocol KnowledgeChangeAnnouncer: Sendable {
    func announce(_ change: KnowledgeChange) async
}

/// Keeps every instance's in-memory indexes current (the vector indexes and the term indexes,
/// each a ``KnowledgeChangeFollower``): publishes this instance's ``KnowledgeChange``s (after
/// applying them here) and, as a `Service`, applies the other instances'. Publishing is best effort: a missed message is repaired when the
/// subscription comes back (every index is dropped, then reloaded by ``afterDropping`` or on use).
public struct KnowledgeChangeFeed: Service, KnowledgeChangeAnnouncer {
    /// The pub/sub channel.
    public static let channel = "skillhub:knowledge:changes"

    let redis: RedisConnectionPool
    let subscriber: RedisSubscriber
    let followers: [any KnowledgeChangeFollower]
    /// Called after the followers dropped everything on a lost and regained subscription.
    let afterDropping: @Sendable () -> Void
    let instanceID: UUID
    let logger: Logger

    /// - Parameter afterDropping: What to do once the followers have dropped what they held because
    ///   the subscription was lost and came back (the server warms the indexes again).
    public init(
        redis: RedisConnectionPool, subscriber: RedisSubscriber, followers: [any KnowledgeChangeFollower], instanceID: UUID,
        afterDropping: @escaping @Sendable () -> Void = {}, logger: Logger
    ) {
        self.redis = redis
        self.subscriber = subscriber
        self.followers = followers
        self.afterDropping = afterDropping
        self.instanceID = instanceID
        self.logger = logger
    }

    /// Applies `change` to this instance's indexes, then tells the others.
    public func announce(_ change: KnowledgeChange) async {
        await apply(change)
        var change = change
        change.origin = instanceID
        do {
            try await redis.checkedPipeline([RedisCommand("PUBLISH", [RedisArgument(Self.channel), RedisArgument(bytes: change.serialized())])])
        } catch {
            logger.warning("could not publish a knowledge change", metadata: ["kind": "\(change.kind.rawValue)", "error": "\(error)"])
        }
    }

    /// Applies the other instances' changes until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let changes = await subscriber.subscribeRetrying(to: Self.channel, logger: logger) else { return }
            for await message in changes {
                switch message.kind {
                case .interrupted:
                    continue
                case .resubscribed:
                    for follower in followers { follower.dropAll() }
                    afterDropping()
                case .message:
                    guard let change = KnowledgeChange(message: message.payload) else {
                        logger.warning("ignoring a malformed knowledge change", metadata: ["payload": "\(message.text.prefix(200))"])
                        continue
                    }
                    guard change.origin != instanceID else { continue }
                    await apply(change)
                }
            }
        }
    }

    private func apply(_ change: KnowledgeChange) async {
        for follower in followers { await follower.apply(change) }
    }
}
