import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import SkillHubCore
import SkillHubRedis
import SkillHubStorage

/// The API keys verified lately, so that a caller's next requests do not each
/// wait for PostgreSQL before they start.
///
/// An entry is trusted for ``maxAge`` at most, never past the key's own
/// expiry, and only while the subscription to ``channel`` is live. A change
/// to a user's keys (revoked, regenerated, the user deleted) drops that
/// user's entries here at once and is published on ``channel``, so every
/// other instance drops them too, typically within milliseconds. Without a
/// live subscription (before it starts, and from a lost connection until it
/// is back) nothing is remembered and every key is looked up, as is every key
/// not seen lately. Only a publication that Redis takes and then fails to
/// deliver to a connected instance could keep a revoked key working there,
/// for ``maxAge`` at most.
final class APIKeyCache: Service, Sendable {
    static let channel = "skillhub:auth:key-changes"

    private struct Entry {
        var holder: APIKeyHolder
        var verifiedAt: ContinuousClock.Instant
        var accountID: String? { holder.principal.accountID }
        var userID: String { holder.principal.userID }
    }

    private struct State {
        var entries: [[UInt8]: Entry] = [:]
        var isCurrent = false
        /// Moves with every change heard or made, so a lookup that raced one is not remembered.
        var changes = 0
    }

    private let redis: any RedisCommandExecutor
    private let subscriber: RedisSubscriber
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    /// How long a verified key is trusted without asking PostgreSQL again.
    let maxAge: Duration
    /// Entries kept at most; the memory starts over when full.
    let capacity: Int

    init(
        redis: any RedisCommandExecutor, subscriber: RedisSubscriber, maxAge: Duration = .seconds(30), capacity: Int = 10_000,
        logger: Logger = Logger(label: "skillhub.auth.api-keys")
    ) {
        self.redis = redis
        self.subscriber = subscriber
        self.maxAge = maxAge
        self.capacity = capacity
        self.logger = logger
    }

    /// Whether verified keys are remembered now (the subscription is live).
    var isCurrent: Bool { state.withLockedValue(\.isCurrent) }

    /// The holder of the key with `hash`: remembered when it was verified lately, else `lookUp`'s answer (remembered when valid).
    func holder(ofKeyHash hash: [UInt8], lookUp: () async throws -> APIKeyHolder?) async throws -> APIKeyHolder? {
        let now = ContinuousClock.now
        let (remembered, changes) = state.withLockedValue { state -> (APIKeyHolder?, Int?) in
            guard state.isCurrent else { return (nil, nil) }
            guard let entry = state.entries[hash], now - entry.verifiedAt < maxAge, !Self.hasExpired(entry.holder) else {
                state.entries[hash] = nil
                return (nil, state.changes)
            }
            return (entry.holder, nil)
        }
        if let remembered { return remembered }
        guard let holder = try await lookUp() else { return nil }
        if let changes { remember(holder, ofKeyHash: hash, verifiedAt: now, ifNoChangeSince: changes) }
        return holder
    }

    /// Drops the remembered keys of `userID` in `accountID`, here at once and in every other
    /// instance through ``channel``. Call it after the change is committed.
    func forget(accountID: String, userID: String) async {
        drop(accountID: accountID, userID: userID)
        let message = JSONValue.serializedObject(["account_id": .string(accountID), "user_id": .string(userID)])
        do {
            _ = try await redis.publish(String(decoding: message, as: UTF8.self), to: Self.channel)
        } catch {
            logger.warning(
                "could not tell the other instances of an API key change; they notice it within their cache's age limit",
                metadata: ["account_id": "\(accountID)", "error": "\(error)"]
            )
        }
    }

    /// Follows the other instances' key changes until shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let changes = await self.subscriber.subscribeRetrying(to: Self.channel, logger: self.logger) else { return }
            self.setCurrent(true)
            for await message in changes {
                switch message.kind {
                case .interrupted:
                    self.setCurrent(false)
                case .resubscribed:
                    self.setCurrent(true)
                case .message:
                    guard let change = try? JSONValue(parsing: message.payload),
                        let accountID = change["account_id"]?.stringValue, let userID = change["user_id"]?.stringValue
                    else {
                        self.logger.warning("ignoring a malformed API key change", metadata: ["payload": "\(message.text.prefix(200))"])
                        continue
                    }
                    self.drop(accountID: accountID, userID: userID)
                }
            }
        }
        setCurrent(false)
    }

    private func remember(_ holder: APIKeyHolder, ofKeyHash hash: [UInt8], verifiedAt: ContinuousClock.Instant, ifNoChangeSince changes: Int) {
        state.withLockedValue { state in
            guard state.isCurrent, state.changes == changes else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[hash] = Entry(holder: holder, verifiedAt: verifiedAt)
        }
    }

    private func drop(accountID: String, userID: String) {
        state.withLockedValue { state in
            state.changes += 1
            state.entries = state.entries.filter { $0.value.accountID != accountID || $0.value.userID != userID }
        }
    }

    /// Starts or stops remembering; either way what was remembered is dropped (a message may have been missed).
    private func setCurrent(_ isCurrent: Bool) {
        state.withLockedValue { state in
            state.changes += 1
            state.entries.removeAll()
            state.isCurrent = isCurrent
        }
    }

    private static func hasExpired(_ holder: APIKeyHolder) -> Bool {
        holder.expiresAt.map { $0 <= Date() } ?? false
    }
}
