import SkillHubWire

/// The plugin's description, sent to the host as the ABI's descriptor JSON.
public struct SkillDescriptor: Sendable, Encodable {
    public var name: String
    public var version: String
    public var description: String
    public var capabilities: [Capability]
    /// Host services used: `http`, `kv`, `invoke`.
    public var services: [String]
    public var defaultConfig: [String: JSONValue]

    public init(name: String, version: String, description: String = "", capabilities: [Capability], services: [String] = [], defaultConfig: [String: JSONValue] = [:]) {
        self.name = name
        self.version = version
        self.description = description
        self.capabilities = capabilities
        self.services = services
        self.defaultConfig = defaultConfig
    }

    /// One thing the skill can do.
    public struct Capability: Sendable, Encodable {
        public var name: String
        public var description: String
        public var category: String
        /// JSON Schema of the input.
        public var parameters: JSONValue
        public var streaming: Bool
        /// Whether a failed call may be retried on another endpoint.
        public var idempotent: Bool

        public init(name: String, description: String = "", category: String = "general", parameters: JSONValue = ["type": "object"], streaming: Bool = false, idempotent: Bool = true) {
            self.name = name
            self.description = description
            self.category = category
            self.parameters = parameters
            self.streaming = streaming
            self.idempotent = idempotent
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, version, description, capabilities, services
        case defaultConfig = "default_config"
    }
}
