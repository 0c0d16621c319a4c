import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubCore

/// Spends requests from the token buckets of ``RateLimitSettings``: one per route group and
/// caller (API key for token issuance, account otherwise), and one of failed authentications per
/// client address.
///
/// The buckets live in Redis (``TokenBucketStore``), so the limits hold across instances. When the
/// store fails or does not answer within ``storeTimeout``, requests go through (fail open) and a
/// warning is logged, at most every ``warningInterval``: an outage of Redis must not take the
/// API down with it. After a failure the store is not asked again for ``bypassAfterFailure``, so
/// a Redis that does not answer costs one wait a second, not one per request.
final class RateLimiter: Sendable {
    let settings: RateLimitSettings
    private let store: any TokenBucketStore
    private let logger: Logger
    /// The longest wait for the store before letting a request through.
    let storeTimeout: Duration
    let warningInterval: Duration
    /// How long requests skip the store after it failed.
    let bypassAfterFailure: Duration
    private let lastWarning = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
    private let bypassUntil = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
    /// Addresses whose failure bucket was full when last looked at, until when that is trusted
    /// without asking Redis (``cleanAddressMemory``): a caller that does not fail costs no Redis
    /// round trip per request. A failure recorded here forgets the address at once.
    private let cleanAddresses = NIOLockedValueBox<[String: ContinuousClock.Instant]>([:])
    /// How long a full failure bucket is remembered.
    let cleanAddressMemory: Duration = .seconds(10)
    /// The most addresses remembered; the memory starts over when full.
    static let cleanAddressCapacity = 10_000

    /// Where bucket keys start.
    static let keyPrefix = "skillhub:ratelimit:"

    init(
        settings: RateLimitSettings,
        store: any TokenBucketStore,
        logger: Logger,
        storeTimeout: Duration = .milliseconds(500),
        warningInterval: Duration = .seconds(10),
        bypassAfterFailure: Duration = .seconds(1)
    ) {
        self.settings = settings
        self.store = store
        self.logger = logger
        self.storeTimeout = storeTimeout
        self.warningInterval = warningInterval
        self.bypassAfterFailure = bypassAfterFailure
    }

    /// Whether anything is limited at all.
    var isActive: Bool {
        settings.enabled && (!settings.rules.isEmpty || settings.authFailures != nil)
    }

    /// Spends a request of `group` for `subject` (an account, or a key's digest); nil when the
    /// group is not limited or the store failed (fail open).
    func admit(_ group: RateLimitGroup, subject: String) async -> RateLimitDecision? {
        guard let rule = settings.rule(for: group) else { return nil }
        return await use(Self.keyPrefix + group.rawValue + ":" + subject, rule: rule, mode: .take)
    }

    /// Whether `address` may still try to authenticate: nil (yes, or unknown) unless its bucket
    /// of failures is empty, then the refusing decision.
    ///
    /// An address whose bucket was full (no recent failure) is not looked up again for
    /// ``cleanAddressMemory`` unless this instance records a failure for it; failures met on other
    /// instances are seen when that memory ends, so each instance lets at most one extra attempt
    /// through before it asks Redis again.
    func authenticationGate(address: String) async -> RateLimitDecision? {
        guard let rule = settings.authFailureRule else { return nil }
        let now = ContinuousClock.now
        if let until = cleanAddresses.withLockedValue({ $0[address] }), now < until { return nil }
        guard let decision = await use(Self.authFailureKey(address), rule: rule, mode: .peek) else { return nil }
        if decision.allowed, decision.remaining >= rule.burst {
            cleanAddresses.withLockedValue { memory in
                if memory.count >= Self.cleanAddressCapacity { memory.removeAll(keepingCapacity: true) }
                memory[address] = now + cleanAddressMemory
            }
        }
        return decision.allowed ? nil : decision
    }

    /// Counts a failed authentication from `address`.
    func recordAuthenticationFailure(address: String) async {
        guard let rule = settings.authFailureRule else { return }
        cleanAddresses.withLockedValue { _ = $0.removeValue(forKey: address) }
        _ = await use(Self.authFailureKey(address), rule: rule, mode: .drain)
    }

    static func authFailureKey(_ address: String) -> String { keyPrefix + "auth_failures:" + address }

    /// The subject of an API key's bucket: a digest, so keys never reach Redis.
    static func keySubject(_ apiKey: String) -> String {
        SHA256.hash(data: Data(apiKey.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The subject of a caller's bucket: its account (`root` for root).
    static func accountSubject(_ principal: Principal) -> String {
        principal.accountID.map { "account:" + $0 } ?? "root"
    }

    private func use(_ key: String, rule: RateLimitRule, mode: TokenBucketMode) async -> RateLimitDecision? {
        let now = ContinuousClock.now
        if let until = bypassUntil.withLockedValue({ $0 }), now < until { return nil }
        do {
            let state = try await withTimeout(storeTimeout, operation: "rate limit check") { [store] in
                try await store.use(key, rule: rule, mode: mode)
            }
            return RateLimitDecision(state: state, rule: rule)
        } catch {
            bypassUntil.withLockedValue { $0 = ContinuousClock.now + bypassAfterFailure }
            warnFailingOpen(error)
            return nil
        }
    }

    private func warnFailingOpen(_ error: any Error) {
        let now = ContinuousClock.now
        let due = lastWarning.withLockedValue { last in
            guard last.map({ now - $0 >= warningInterval }) ?? true else { return false }
            last = now
            return true
        }
        if due {
            logger.warning(
                "rate limits not enforced: their Redis buckets are out of reach; requests go through unlimited until Redis answers",
                metadata: ["error": "\(error)"]
            )
        }
    }
}
