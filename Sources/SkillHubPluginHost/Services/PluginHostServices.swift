import SkillHubCore

/// What a plugin may ask of the host besides logging and the clock: the
/// asynchronous services of the ABI's host table. The server provides them;
/// a host without them answers every request with ``PluginStatus/unsupported``.
///
/// A service fails with a ``PluginCallError``, whose status the plugin sees;
/// any other error reaches it as ``PluginStatus/internal``.
public protocol PluginHostServices: Sendable {
    /// Sends an outbound HTTP request for `plugin`, within the host's limits.
    func http(_ request: HostHTTPRequest, for plugin: String) async throws -> HostHTTPResponse

    /// The value under `key` in `namespace`, or nil.
    func value(for key: String, in namespace: PluginNamespace) async throws -> [UInt8]?

    /// Stores `value` under `key` in `namespace`, for `ttl` when given.
    func setValue(_ value: [UInt8], for key: String, ttl: Duration?, in namespace: PluginNamespace) async throws

    /// Removes `key` from `namespace`.
    func removeValue(for key: String, in namespace: PluginNamespace) async throws

    /// Calls another skill on behalf of `origin` (nil: outside any call); the skill's output JSON.
    func invokeSkill(_ request: PluginSkillRequest, origin: PluginCallOrigin?, for plugin: String) async throws -> [UInt8]

    /// Runs one document-store operation (ABI 1.1 `store`) in `namespace`:
    /// `request` is the JSON `{"op", …}` object, the answer its JSON result.
    func store(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8]

    /// Embeds texts with the host's provider (ABI 1.1 `embed`): `request` is
    /// `{"texts", "purpose"}`, the answer `{"model", "dimensions", "vectors", "prompt_tokens"}`.
    func embed(json request: [UInt8], for plugin: String) async throws -> [UInt8]

    /// A chat completion (ABI 1.1 `model`) for `plugin`, on behalf of `origin`: `request` is its JSON
    /// form; each streamed piece goes to `onChunk` (in order, before the answer), the answer is JSON.
    func model(json request: [UInt8], origin: PluginCallOrigin?, for plugin: String, onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws -> [UInt8]

    /// Runs one conversation operation (ABI 1.1 `sessions`) in `namespace`: `{"op", …}` → JSON.
    func sessions(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8]

    /// Records a metric labelled with the plugin's name.
    func record(_ kind: PluginMetricKind, _ name: String, _ value: Double, for plugin: String)
}

/// The host services of a host that has none: every request is unsupported.
public struct NoPluginHostServices: PluginHostServices {
    public init() {}

    private static let unsupported = PluginCallError(status: .unsupported, message: "this host offers no such service")

    public func http(_ request: HostHTTPRequest, for plugin: String) async throws -> HostHTTPResponse { throw Self.unsupported }
    public func value(for key: String, in namespace: PluginNamespace) async throws -> [UInt8]? { throw Self.unsupported }
    public func setValue(_ value: [UInt8], for key: String, ttl: Duration?, in namespace: PluginNamespace) async throws { throw Self.unsupported }
    public func removeValue(for key: String, in namespace: PluginNamespace) async throws { throw Self.unsupported }
    public func invokeSkill(_ request: PluginSkillRequest, origin: PluginCallOrigin?, for plugin: String) async throws -> [UInt8] { throw Self.unsupported }
    public func store(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] { throw Self.unsupported }
    public func embed(json request: [UInt8], for plugin: String) async throws -> [UInt8] { throw Self.unsupported }
    public func model(json request: [UInt8], origin: PluginCallOrigin?, for plugin: String, onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws -> [UInt8] {
        throw Self.unsupported
    }
    public func sessions(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] { throw Self.unsupported }
    public func record(_ kind: PluginMetricKind, _ name: String, _ value: Double, for plugin: String) {}
}

/// Where a plugin's key-value entries and documents live: per plugin, and per
/// tenant when the plugin acts for a caller.
public struct PluginNamespace: Sendable, Hashable {
    public var plugin: String
    /// The caller's account; nil for plugin-wide entries (no call, or a root caller).
    public var account: String?

    public init(plugin: String, account: String?) {
        self.plugin = plugin
        self.account = account
    }
}

/// On whose behalf a plugin call runs: handed to ``PluginInstance/invoke(_:input:timeout:origin:onChunk:)``
/// and passed on to the host services the plugin uses during that call.
public struct PluginCallOrigin: Sendable {
    /// Who called the skill.
    public var principal: Principal
    public var requestID: String
    /// How many plugin-to-skill hops led here (0 for a client's call).
    public var depth: Int
    /// The trace the call belongs to, naming the span of the plugin's invocation (or the caller's
    /// span when tracing is off): a skill the plugin calls through `invoke_skill` continues it.
    public var trace: TraceContext?

    public init(principal: Principal, requestID: String, depth: Int = 0, trace: TraceContext? = nil) {
        self.principal = principal
        self.requestID = requestID
        self.depth = depth
        self.trace = trace
    }
}

/// The ABI's metric kinds.
public enum PluginMetricKind: Sendable {
    case counter, gauge, histogram
}
