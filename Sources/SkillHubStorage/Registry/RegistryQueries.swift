import SkillHubCore

/// Filters of `GET /api/v1/skills/discover`.
public struct SkillQuery: Sendable, Equatable {
    public var name: String?
    public var status: SkillStatus?
    public var capability: String?
    public var category: String?
    public var offset: Int
    public var limit: Int

    public init(name: String? = nil, status: SkillStatus? = nil, capability: String? = nil, category: String? = nil, offset: Int = 0, limit: Int = 100) {
        self.name = name
        self.status = status
        self.capability = capability
        self.category = category
        self.offset = offset
        self.limit = limit
    }
}

/// Filters of `GET /api/v1/capabilities`.
public struct CapabilityQuery: Sendable, Equatable {
    public var name: String?
    public var category: String?
    public var status: CapabilityStatus?
    public var skillName: String?
    public var offset: Int
    public var limit: Int

    public init(name: String? = nil, category: String? = nil, status: CapabilityStatus? = nil, skillName: String? = nil, offset: Int = 0, limit: Int = 100) {
        self.name = name
        self.category = category
        self.status = status
        self.skillName = skillName
        self.offset = offset
        self.limit = limit
    }
}

/// A partial update of a skill (`PUT /api/v1/skills/{id}`): nil leaves a field as it is.
public struct SkillPatch: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var version: String?
    public var status: SkillStatus?
    public var visibility: SkillVisibility?
    public var routingStrategy: RoutingStrategy?
    public var timeoutMilliseconds: Int??
    public var metadata: [String: JSONValue]?
    /// When present, replaces the endpoint set (endpoints keep their ids by URL).
    public var endpoints: [EndpointDraft]?
    /// When present, replaces the capability set.
    public var capabilities: [CapabilityDraft]?

    public init() {}
}

/// A change of an endpoint's weight or status (`PUT …/endpoints/{eid}`).
public struct EndpointPatch: Sendable, Equatable {
    public var weight: Int?
    public var status: EndpointStatus?
    public var metadata: [String: JSONValue]?

    public init(weight: Int? = nil, status: EndpointStatus? = nil, metadata: [String: JSONValue]? = nil) {
        self.weight = weight
        self.status = status
        self.metadata = metadata
    }
}
