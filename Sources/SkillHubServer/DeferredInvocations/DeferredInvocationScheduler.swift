import Foundation
import Logging
import SkillHubCore
import SkillHubPluginHost
import SkillHubStorage

/// The `defer` side of the plugins' `invoke_skill`: checks the call as the dispatcher would
/// (the skill, the capability, the input against its schema, with the caller's rights), stores
/// it as a job, wakes this instance's runner when it is due now, and answers
/// `{"job_id", "deferred": true, "run_after", "duplicate"?}` at once.
struct DeferredInvocationScheduler: Sendable {
    let repository: DeferredInvocationRepository
    let dispatcher: Dispatcher
    let runner: DeferredInvocationRunner
    let logger: Logger

    /// Stores `request` to run later as `principal`; the answer's JSON.
    /// - Throws: ``PluginCallError``: invalid input, unknown capability or unavailable as for an
    ///   immediate call; unavailable when PostgreSQL is out of reach.
    func schedule(_ request: PluginSkillRequest, _ deferral: PluginDeferral, principal: Principal, plugin: String, requestID: String) async throws -> [UInt8] {
        do {
            let call = Dispatcher.Request(skill: request.skill, capability: request.capability, input: request.input, sessionID: request.sessionID, requestID: requestID)
            let target = try await dispatcher.target(of: call, principal: principal)
            let (job, duplicate) = try await repository.enqueue(DeferredInvocationDraft(
                principal: principal, plugin: plugin, skill: target.skill.name, capability: target.capabilityName, input: request.input,
                sessionID: request.sessionID, dedupeKey: deferral.key, serialKey: deferral.serial, delay: deferral.delay,
                maxAttempts: deferral.maxAttempts
            ))
            if !duplicate, deferral.delay == .zero { runner.wake() }
            return Self.answer(job, duplicate: duplicate).serialized()
        } catch let error as SkillHubError {
            throw PluginCallError(status: SkillHubPluginServices.status(of: error.code), message: error.message)
        } catch where DatabaseUnavailability.matches(error) {
            throw PluginCallError(status: .unavailable, message: "PostgreSQL is unavailable; the call was not deferred")
        } catch is CancellationError {
            throw PluginCallError(status: .cancelled, message: "the deferral was cancelled")
        } catch {
            logger.error("could not defer a skill call", metadata: ["plugin": "\(plugin)", "skill": "\(request.skill)", "error": "\(String(reflecting: error))"])
            throw PluginCallError(status: .internal, message: "the call could not be deferred")
        }
    }

    /// `{"job_id", "deferred": true, "run_after", "duplicate": true}` (`duplicate` only when it is one);
    /// `run_after` in ISO 8601 with milliseconds, UTC.
    static func answer(_ job: DeferredInvocationRecord, duplicate: Bool) -> JSONValue {
        var answer: [String: JSONValue] = [
            "job_id": .string(job.jobID.lowercasedString),
            "deferred": true,
            "run_after": .string(job.runAfter.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
        ]
        if duplicate { answer["duplicate"] = true }
        return .object(answer)
    }
}
