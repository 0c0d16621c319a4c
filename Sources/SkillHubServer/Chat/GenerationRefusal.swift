import Foundation
import SkillHubCore

/// A generation the host refused for want of capacity (``GenerationLimiter``): the queue of
/// generations waiting for a turn was full, or the wait was too long.
///
/// A plugin sees it from the `model` service as `SKH_ERR_UNAVAILABLE` with ``message``, which
/// names it (``marker``) and says when to retry. A plugin that passes the failure on unchanged, as
/// SkillKit plugins do, fails its call the same way, and the host recognises the message: the call
/// answers HTTP 429 (1010) with `Retry-After`, not 503 — the ABI's statuses stay as they are.
struct GenerationRefusal: Error, Sendable, Equatable {
    var running: Int
    var queued: Int
    /// How long the generation waited before it was refused; nil when the queue was full.
    var waited: Duration?
    var retryAfterSeconds: Int

    /// The words every refusal's message begins with.
    static let marker = "generation capacity reached"

    init(running: Int, queued: Int, waited: Duration?, retryAfterSeconds: Int) {
        self.running = running
        self.queued = queued
        self.waited = waited
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The error a failure with `message` becomes when it carries a refusal (in a plugin's own
    /// words around it too): 429 with the message as it is; nil for any other failure.
    static func rateLimitedError(message: String) -> SkillHubError? {
        guard message.contains(marker), let range = message.range(of: "retry after ", options: .backwards) else { return nil }
        guard let seconds = Int(message[range.upperBound...].prefix { $0.isNumber }), seconds > 0 else { return nil }
        return SkillHubError(.rateLimited, message, details: ["retry_after_seconds": .number(Double(seconds))])
    }

    var message: String {
        let load = "\(running) generations running and \(queued) waiting (CHAT_MAX_CONCURRENT_GENERATIONS, CHAT_MAX_QUEUED_GENERATIONS)"
        let why = waited.map { "no turn within \(Int($0.inMilliseconds)) ms (CHAT_MAX_QUEUE_WAIT_MS) with \(load)" } ?? load
        return "\(Self.marker): \(why); retry after \(retryAfterSeconds) s"
    }

    /// The error callers get: 429 (1010), `Retry-After` from `details.retry_after_seconds`.
    var error: SkillHubError {
        SkillHubError(.rateLimited, message, details: ["retry_after_seconds": .number(Double(retryAfterSeconds))])
    }
}
