import SkillHubWire

/// A call the host stored to make later (``SkillContext/deferSkill(_:capability:input:sessionID:delay:key:serial:maxAttempts:)``).
public struct DeferredInvocation: Sendable, Equatable {
    /// The host's id of the job.
    public var jobID: String
    /// When it runs at the earliest (ISO 8601).
    public var runAfter: String?
    /// True when a job with the same `key` was pending already: that one is answered, no other added.
    public var duplicate: Bool
}

extension SkillContext {
    /// Asks the host to call a skill later, with the rights of this call's caller (ABI 1.1
    /// `invoke_skill` with `defer`): the host stores the call in PostgreSQL and answers at once;
    /// any instance runs it after `delay`, at least once, retrying failures with backoff up to
    /// `maxAttempts`.
    ///
    /// - Parameters:
    ///   - key: at most one pending job with this key per account and skill (a second deferral is answered with the first).
    ///   - serial: jobs with the same serial key run one at a time, in the order they were deferred.
    /// - Returns: the job the host keeps.
    public func deferSkill(
        _ skill: String, capability: String? = nil, input: JSONValue = [:], sessionID: String? = nil,
        delay: Duration? = nil, key: String? = nil, serial: String? = nil, maxAttempts: Int? = nil
    ) async throws -> DeferredInvocation {
        var deferral: [String: JSONValue] = [:]
        if let delay { deferral["delay_ms"] = .number(max(0, delay.inMilliseconds.rounded())) }
        if let key { deferral["key"] = .string(key) }
        if let serial { deferral["serial"] = .string(serial) }
        if let maxAttempts { deferral["max_attempts"] = .number(Double(maxAttempts)) }
        var fields: [String: JSONValue] = ["skill": .string(skill), "input": input, "defer": .object(deferral)]
        if let capability { fields["capability"] = .string(capability) }
        if let sessionID { fields["session_id"] = .string(sessionID) }
        let answer = try await invokeSkill(request: fields)
        guard let jobID = answer["job_id"]?.stringValue else {
            throw SkillError(.unsupported, "the host ran the call instead of deferring it (it does not know invoke_skill's defer)")
        }
        return DeferredInvocation(jobID: jobID, runAfter: answer["run_after"]?.stringValue, duplicate: answer["duplicate"] == JSONValue.bool(true))
    }
}
