import Foundation
import Metrics
import SkillHubCore
import SkillHubPluginHost

/// The host services SkillHub offers its plugins: outbound HTTP, key-value
/// storage in Redis, calls to other skills through the dispatcher, metrics, and
/// (ABI 1.1) the document store, embeddings, chat models and conversations.
struct SkillHubPluginServices: PluginHostServices {
    let gateway: PluginHTTPGateway
    let store: PluginKeyValueStore
    let dispatcher: Dispatcher
    let knowledge: PluginKnowledgeGateway
    let models: PluginModelGateway
    let conversations: PluginSessionsGateway
    /// Stores `invoke_skill` requests with `defer` as jobs for the runner.
    let deferrals: DeferredInvocationScheduler
    /// How deep plugin-to-skill calls may nest (a plugin calling itself ends here).
    static let maximumDepth = 8

    func http(_ request: HostHTTPRequest, for plugin: String) async throws -> HostHTTPResponse {
        try await gateway.send(request, for: plugin)
    }

    func value(for key: String, in namespace: PluginNamespace) async throws -> [UInt8]? {
        try await store.value(for: key, in: namespace)
    }

    func setValue(_ value: [UInt8], for key: String, ttl: Duration?, in namespace: PluginNamespace) async throws {
        try await store.setValue(value, for: key, ttl: ttl, in: namespace)
    }

    func removeValue(for key: String, in namespace: PluginNamespace) async throws {
        try await store.removeValue(for: key, in: namespace)
    }

    func store(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] {
        try await knowledge.store(json: request, in: namespace)
    }

    func embed(json request: [UInt8], for plugin: String) async throws -> [UInt8] {
        try await knowledge.embed(json: request)
    }

    func model(json request: [UInt8], origin: PluginCallOrigin?, for plugin: String, onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws -> [UInt8] {
        try await models.handle(json: request, onChunk: onChunk)
    }

    func sessions(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] {
        try await conversations.handle(json: request, in: namespace)
    }

    /// Runs with the rights of the original caller; outside a call, with a
    /// principal of no account, which reaches public skills only. With
    /// `defer`, stores the call to run later (with the same rights) and
    /// answers the job instead.
    func invokeSkill(_ request: PluginSkillRequest, origin: PluginCallOrigin?, for plugin: String) async throws -> [UInt8] {
        let depth = (origin?.depth ?? 0) + 1
        guard depth <= Self.maximumDepth else {
            throw PluginCallError(status: .invalidInput, message: "skill calls nest deeper than \(Self.maximumDepth) (does \(plugin) call itself?)")
        }
        let principal = origin?.principal ?? Principal(accountID: nil, userID: "plugin:\(plugin)", role: .user)
        if let deferral = request.deferral {
            return try await deferrals.schedule(request, deferral, principal: principal, plugin: plugin, requestID: origin?.requestID ?? UUID().lowercasedString)
        }
        let call = Dispatcher.Request(
            skill: request.skill, capability: request.capability, input: request.input, sessionID: request.sessionID,
            requestID: origin?.requestID ?? UUID().lowercasedString, traceHeaders: origin?.trace.map(TraceHeaders.continuing) ?? [], depth: depth
        )
        do {
            let outcome = try await dispatcher.dispatch(call, principal: principal)
            return Array(try JSONEncoder().encode(outcome.output))
        } catch let error as SkillHubError {
            throw PluginCallError(status: Self.status(of: error.code), message: error.message)
        }
    }

    func record(_ kind: PluginMetricKind, _ name: String, _ value: Double, for plugin: String) {
        let label = "skillhub_plugin_" + String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        let dimensions = [("plugin", plugin)]
        switch kind {
        case .counter: Counter(label: label, dimensions: dimensions).increment(by: Int64(max(0, value)))
        case .gauge: Gauge(label: label, dimensions: dimensions).record(value)
        case .histogram: Timer(label: label, dimensions: dimensions).recordSeconds(value)
        }
    }

    /// The ABI status a plugin sees for a dispatch failure.
    static func status(of code: ErrorCode) -> PluginStatus {
        switch code {
        case .invalidParameter: .invalidInput
        case .capabilityNotFound: .unknownCapability
        case .timeout: .timeout
        case .serviceUnavailable, .badGateway, .skillNotFound: .unavailable
        default: .internal
        }
    }
}
