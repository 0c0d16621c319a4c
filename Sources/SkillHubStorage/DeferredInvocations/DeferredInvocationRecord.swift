import Foundation
import SkillHubCore

/// Where a deferred invocation stands. A job that succeeded is deleted, so there is no "done".
public enum DeferredInvocationStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its time, running (claimed), or waiting to be retried.
    case pending
    /// Failed for good (a permanent error, or its attempts used up); kept with its last error.
    case failed
}

/// One stored skill invocation that a plugin deferred: who it runs as, what it calls, and
/// where its attempts stand.
public struct DeferredInvocationRecord: Sendable, Equatable, Encodable {
    public var jobID: UUID
    /// The caller it runs as: account (nil for root or a plugin outside any call), user, role.
    public var accountID: String?
    public var userID: String
    public var role: Role
    /// The plugin that deferred the call.
    public var plugin: String
    public var skill: String
    public var capability: String
    public var input: JSONValue
    public var sessionID: String?
    public var dedupeKey: String?
    public var serialKey: String?
    /// Not run before this time.
    public var runAfter: Date
    /// Attempts begun so far (a claim begins one).
    public var attempts: Int
    public var maxAttempts: Int
    /// The lease of the runner that holds it; nil or past when nobody does.
    public var claimedUntil: Date?
    public var lastError: String?
    public var status: DeferredInvocationStatus
    public var createdAt: Date
    public var updatedAt: Date

    /// The caller the job runs as, with the original caller's rights.
    public var principal: Principal {
        Principal(accountID: accountID, userID: userID, role: role)
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", accountID = "account_id", userID = "user_id", role, plugin, skill, capability, input
        case sessionID = "session_id", dedupeKey = "dedupe_key", serialKey = "serial_key", runAfter = "run_after", attempts
        case maxAttempts = "max_attempts", claimedUntil = "claimed_until", lastError = "last_error", status
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}
