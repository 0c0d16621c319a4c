import Foundation
import SkillHubCore
import SkillHubPluginHost
import SkillHubRegistry
import SkillHubStorage

/// One API for every skill: finds the skill, checks the capability and the
/// input against its schema, picks a healthy endpoint by the skill's routing
/// strategy, calls it, and fails over to another endpoint when an attempt
/// fails in a way another endpoint might not (at most ``maximumAttempts`` in
/// all, within the retry budget, and never re-sending a non-idempotent call
/// that reached an endpoint).
struct Dispatcher: Sendable {
    let directory: SkillDirectory
    let validator: InputValidator
    /// Counts calls for `/api/v1/skills/{id}/status`.
    let tally: CallTally
    let caller: EndpointCaller
    let routing: RoutingState
    let metrics: DispatchMetrics
    /// Starts the dispatch's and each attempt's span; nil when tracing is off.
    var tracer: SpanTracer? = nil
    /// Attempts per call: the first and up to two retries on other endpoints.
    static let maximumAttempts = 3
    static let defaultTimeout = Duration.seconds(30)

    struct Request: Sendable {
        var skill: String
        var capability: String?
        var input: JSONValue
        var sessionID: String?
        var metadata: JSONValue = [:]
        var timeout: Duration?
        /// The longest one attempt may take; a slower endpoint's attempt fails
        /// as a timeout and, for an idempotent capability, another endpoint is
        /// tried. Nil: an attempt may take all the time left.
        var perTryTimeout: Duration? = nil
        var requestID: String
        var traceHeaders: [(name: String, value: String)] = []
        /// What the caller calls the input, for the paths of validation errors.
        var inputField = "input"
        /// The name is the platform's own skill (a built-in route such as `/api/v1/memories`): an
        /// account's skill of the same name is not considered, so it cannot take the route over.
        var platformOnly = false
        /// How many plugin-to-skill hops led to this call (0 for a client's).
        var depth = 0
        /// Receives the chunks of a streaming answer; nil when the caller wants the answer whole.
        var onChunk: (@Sendable ([UInt8]) -> Void)? = nil
    }

    struct Outcome: Sendable {
        var output: JSONValue
        var skill: SkillRecord
        var capability: String
        var endpoint: EndpointRecord
        var attempts: Int
        var latency: Duration
    }

    /// The skill and capability a request names, checked (including its input) but not yet called.
    struct Target: Sendable {
        /// Who calls.
        var principal: Principal
        var skill: SkillRecord
        var capability: CapabilityRecord?
        var capabilityName: String
    }

    func dispatch(_ request: Request, principal: Principal) async throws -> Outcome {
        try await call(try await target(of: request, principal: principal), request)
    }

    /// Resolves and checks everything that can be checked before an endpoint is called.
    func target(of request: Request, principal: Principal) async throws -> Target {
        let skill = try await directory.skill(request.skill, access: principal.skillAccess, platformOnly: request.platformOnly)
        let capability = try self.capability(request.capability, of: skill)
        guard skill.status == .active else {
            throw SkillHubError(.serviceUnavailable, "skill '\(skill.name)' \(skill.version) is \(skill.status.rawValue)")
        }
        if let parameters = capability.record?.parameters {
            try validator.validate(request.input, against: parameters, field: request.inputField)
        }
        return Target(principal: principal, skill: skill, capability: capability.record, capabilityName: capability.name)
    }

    /// Calls the target's endpoints until one answers or no attempt is left.
    func call(_ target: Target, _ request: Request) async throws -> Outcome {
        let skill = target.skill
        let started = ContinuousClock.now
        let deadline = started + (request.timeout ?? skill.timeoutMilliseconds.map { .milliseconds($0) } ?? Self.defaultTimeout)
        let idempotent = target.capability?.idempotent ?? true
        routing.requestStarted()
        defer { routing.requestFinished() }
        var tried = Set<UUID>()
        var lastFailure: EndpointCallFailure?
        let streaming = request.onChunk.map(StreamingSink.init)
        let parentTrace = request.traceHeaders.isEmpty ? nil : TraceHeaders.context(in: request.traceHeaders)
        let span = tracer.map { startDispatchSpan($0, target, request, parent: parentTrace) }
        defer { span?.end() }
        var origin = PluginCallOrigin(principal: target.principal, requestID: request.requestID, depth: request.depth, trace: parentTrace)
        while tried.count < Self.maximumAttempts {
            let isRetry = !tried.isEmpty
            // Once a chunk has reached the caller, another endpoint cannot start the answer over.
            guard ContinuousClock.now < deadline, !isRetry || routing.acquireRetry(), streaming?.hasStarted != true else { break }
            defer { if isRetry { routing.retryFinished() } }
            guard let endpoint = routing.pick(for: skill, excluding: tried, sessionKey: request.sessionID) else { break }
            tried.insert(endpoint.endpointID)
            let attemptSpan = span.flatMap { span in tracer.map { startAttemptSpan($0, endpoint, target, attempt: tried.count, parent: span) } }
            defer { attemptSpan?.end() }
            origin.trace = attemptSpan?.context ?? parentTrace
            let call = EndpointCaller.Call(
                capability: target.capabilityName, input: request.input, sessionID: request.sessionID,
                metadata: request.metadata, requestID: request.requestID, traceHeaders: request.traceHeaders,
                timeout: min(deadline - ContinuousClock.now, request.perTryTimeout ?? .seconds(600)),
                origin: origin, span: attemptSpan, onChunk: streaming?.send
            )
            let attemptStarted = ContinuousClock.now
            do {
                let output = try await caller.call(endpoint, call)
                routing.finished(endpoint, of: skill, succeeded: true)
                metrics.attempt(skill: skill.name, endpoint: endpoint.endpointID, succeeded: true, duration: ContinuousClock.now - attemptStarted, inFlight: routing.inFlight(endpoint.endpointID))
                tally.count(skill.skillID, failed: false)
                span?.set("skillhub.endpoint.id", .string(endpoint.endpointID.lowercasedString))
                span?.set("skillhub.attempts", .int(tried.count))
                return Outcome(output: output, skill: skill, capability: target.capabilityName, endpoint: endpoint, attempts: tried.count, latency: ContinuousClock.now - started)
            } catch {
                routing.finished(endpoint, of: skill, succeeded: !error.isEndpointFault)
                metrics.attempt(skill: skill.name, endpoint: endpoint.endpointID, succeeded: false, duration: ContinuousClock.now - attemptStarted, inFlight: routing.inFlight(endpoint.endpointID))
                lastFailure = error
                attemptSpan?.fail(error.error.message)
                guard error.allowsRetry(idempotent: idempotent) else { break }
                if error.spentDeadline(perTryTimeout: request.perTryTimeout, timeLeftAtStart: deadline - attemptStarted) { break }
            }
        }
        tally.count(skill.skillID, failed: true)
        span?.set("skillhub.attempts", .int(tried.count))
        span?.fail(lastFailure?.error.message ?? "no endpoint answered")
        if let lastFailure { throw lastFailure.error }
        if ContinuousClock.now >= deadline { throw SkillHubError(.timeout, "skill '\(skill.name)' did not answer in time") }
        throw SkillHubError(.serviceUnavailable, "skill '\(skill.name)' \(skill.version) has no healthy endpoint")
    }

    /// The capability to call: the one asked for, or the skill's only one.
    private func capability(_ requested: String?, of skill: SkillRecord) throws -> (name: String, record: CapabilityRecord?) {
        let enabled = skill.capabilities.filter { $0.status == .enabled }
        guard let requested else {
            guard enabled.count == 1, let only = enabled.first else {
                let names = enabled.isEmpty ? "no enabled capabilities" : "capabilities " + enabled.map(\.name).joined(separator: ", ")
                throw SkillHubError.invalidFields([FieldError(field: "capability", message: "is required: skill '\(skill.name)' has \(names)")])
            }
            return (only.name, only)
        }
        // A skill that declares no capabilities takes any name; its endpoints decide.
        if skill.capabilities.isEmpty { return (requested, nil) }
        guard let record = enabled.first(where: { $0.name == requested }) else {
            throw SkillHubError(.capabilityNotFound, "skill '\(skill.name)' has no enabled capability '\(requested)'")
        }
        return (requested, record)
    }
}
