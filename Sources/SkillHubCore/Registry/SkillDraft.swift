import struct Foundation.UUID

/// A skill as a client describes it when creating or registering it, with
/// defaults filled in; ``validate()`` names every invalid field.
public struct SkillDraft: Sendable, Equatable {
    /// The id a spec client chose for a new skill (`skill_id`); nil lets the server choose.
    public var requestedID: UUID?
    public var name: String
    public var description: String
    public var version: String
    public var status: SkillStatus
    public var visibility: SkillVisibility
    public var routingStrategy: RoutingStrategy
    /// Per-call timeout for dispatch; nil uses the server default.
    public var timeoutMilliseconds: Int?
    public var metadata: [String: JSONValue]
    public var endpoints: [EndpointDraft]
    public var capabilities: [CapabilityDraft]

    public init(
        requestedID: UUID? = nil,
        name: String,
        description: String = "",
        version: String,
        status: SkillStatus = .active,
        visibility: SkillVisibility = .private,
        routingStrategy: RoutingStrategy = .weightedRoundRobin,
        timeoutMilliseconds: Int? = nil,
        metadata: [String: JSONValue] = [:],
        endpoints: [EndpointDraft] = [],
        capabilities: [CapabilityDraft] = []
    ) {
        self.requestedID = requestedID
        self.name = name
        self.description = description
        self.version = version
        self.status = status
        self.visibility = visibility
        self.routingStrategy = routingStrategy
        self.timeoutMilliseconds = timeoutMilliseconds
        self.metadata = metadata
        self.endpoints = endpoints
        self.capabilities = capabilities
    }

    /// The largest number of endpoints or capabilities one skill may carry.
    public static let maximumChildren = 256

    /// Every problem with the draft, as field errors (empty when valid).
    public func validate() -> [FieldError] {
        var problems = [
            SkillNaming.validateName(name),
            SkillNaming.validateText(description, field: "description", maxLength: 4096),
            SemanticVersion.validate(version),
            timeoutMilliseconds.flatMap { (1...600_000).contains($0) ? nil : FieldError(field: "timeout_ms", message: "must be from 1 to 600000") },
        ].compactMap { $0 }
        if endpoints.count > Self.maximumChildren {
            problems.append(FieldError(field: "endpoints", message: "at most \(Self.maximumChildren) endpoints"))
        }
        if capabilities.count > Self.maximumChildren {
            problems.append(FieldError(field: "capabilities", message: "at most \(Self.maximumChildren) capabilities"))
        }
        for (index, endpoint) in endpoints.enumerated() {
            problems += endpoint.validate(prefix: "endpoints[\(index)].")
        }
        for (index, url) in Self.duplicates(endpoints.map(\.url)) {
            problems.append(FieldError(field: "endpoints[\(index)].url", message: "'\(url)' is listed twice"))
        }
        for (index, capability) in capabilities.enumerated() {
            problems += capability.validate(prefix: "capabilities[\(index)].")
        }
        for (index, name) in Self.duplicates(capabilities.map(\.name)) {
            problems.append(FieldError(field: "capabilities[\(index)].name", message: "'\(name)' is listed twice"))
        }
        return problems
    }

    /// The index and value of each repeat of an earlier value.
    static func duplicates(_ values: [String]) -> [(Int, String)] {
        var seen = Set<String>()
        return values.enumerated().compactMap { index, value in seen.insert(value).inserted ? nil : (index, value) }
    }
}

/// A weighted endpoint of a skill.
public struct EndpointDraft: Sendable, Equatable {
    public var url: String
    public var `protocol`: EndpointProtocol
    public var weight: Int
    /// Ephemeral endpoints are removed after missing heartbeats past the delete timeout; persistent ones never are.
    public var ephemeral: Bool
    public var metadata: [String: JSONValue]

    public init(url: String, protocol: EndpointProtocol, weight: Int = 1, ephemeral: Bool = true, metadata: [String: JSONValue] = [:]) {
        self.url = url
        self.protocol = `protocol`
        self.weight = weight
        self.ephemeral = ephemeral
        self.metadata = metadata
    }

    public static let weightRange = 0...65535

    public func validate(prefix: String = "") -> [FieldError] {
        [
            `protocol`.validate(url: url, field: prefix + "url"),
            Self.validate(weight: weight, field: prefix + "weight"),
        ].compactMap { $0 }
    }

    public static func validate(weight: Int, field: String = "weight") -> FieldError? {
        weightRange.contains(weight) ? nil : FieldError(field: field, message: "must be from 0 (drain) to 65535")
    }
}

/// Something a skill can do, with its parameters as JSON Schema.
public struct CapabilityDraft: Sendable, Equatable {
    public var name: String
    public var description: String
    public var category: String
    public var version: String
    public var status: CapabilityStatus
    public var parameters: JSONValue
    public var streaming: Bool
    /// Whether a failed call may be retried on another endpoint after the request reached it.
    public var idempotent: Bool

    public init(
        name: String,
        description: String = "",
        category: String = "general",
        version: String = "1.0.0",
        status: CapabilityStatus = .enabled,
        parameters: JSONValue = [:],
        streaming: Bool = false,
        idempotent: Bool = true
    ) {
        self.name = name
        self.description = description
        self.category = category
        self.version = version
        self.status = status
        self.parameters = parameters
        self.streaming = streaming
        self.idempotent = idempotent
    }

    public func validate(prefix: String = "") -> [FieldError] {
        var problems = [
            SkillNaming.validateName(name, field: prefix + "name"),
            SkillNaming.validateText(description, field: prefix + "description", maxLength: 4096),
            IdentifierSyntax.validate(category, field: prefix + "category", maxLength: 64, extra: "_.-/"),
            SemanticVersion.validate(version, field: prefix + "version"),
        ].compactMap { $0 }
        if case .object = parameters {
            do {
                _ = try JSONSchema(parameters)
            } catch {
                problems.append(FieldError(field: prefix + "parameters", message: "is not a usable JSON Schema: \(error)"))
            }
        } else {
            problems.append(FieldError(field: prefix + "parameters", message: "must be a JSON Schema object"))
        }
        return problems
    }
}

/// Names and free text of the registry.
public enum SkillNaming {
    /// Skill and capability names: 1–128 letters, digits, `_`, `.`, `-`, starting with a letter or digit (they appear in URLs).
    public static func validateName(_ value: String, field: String = "name") -> FieldError? {
        IdentifierSyntax.validate(value, field: field, maxLength: 128, extra: "_.-")
    }

    public static func validateText(_ value: String, field: String, maxLength: Int) -> FieldError? {
        value.count <= maxLength ? nil : FieldError(field: field, message: "must be at most \(maxLength) characters")
    }
}
