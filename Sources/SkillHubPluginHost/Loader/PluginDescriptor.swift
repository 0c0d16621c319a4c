import SkillHubCore

/// What a plugin says about itself (the ABI's `descriptor` JSON).
public struct PluginDescriptor: Sendable, Decodable, Equatable {
    public struct Capability: Sendable, Decodable, Equatable {
        public var name: String
        public var description: String?
        public var category: String?
        /// JSON Schema of the input.
        public var parameters: JSONValue?
        public var streaming: Bool?
        /// Whether a failed call may be retried on another endpoint.
        public var idempotent: Bool?
    }

    public var name: String
    public var version: String
    public var description: String?
    public var capabilities: [Capability]
    /// Host services the plugin uses: `http`, `kv`, `invoke`.
    public var services: [String]?
    public var defaultConfig: JSONValue?

    enum CodingKeys: String, CodingKey {
        case name, version, description, capabilities, services
        case defaultConfig = "default_config"
    }
}
