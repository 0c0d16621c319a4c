import Foundation
import SkillHubCore

/// A registered skill with its endpoints and capabilities.
public struct SkillRecord: Sendable, Equatable, Encodable {
    public var skillID: UUID
    /// The owning account; nil for platform skills (the built-in plugins).
    public var accountID: String?
    public var name: String
    public var description: String
    public var version: String
    public var status: SkillStatus
    public var visibility: SkillVisibility
    public var routingStrategy: RoutingStrategy
    public var timeoutMilliseconds: Int?
    public var metadata: [String: JSONValue]
    public var createdBy: String?
    public var lastHeartbeat: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var endpoints: [EndpointRecord]
    public var capabilities: [CapabilityRecord]

    enum CodingKeys: String, CodingKey {
        case skillID = "skill_id"
        case id
        case accountID = "account_id"
        case name, description, version, status, visibility, metadata, endpoints, capabilities
        case routingStrategy = "routing_strategy"
        case timeoutMilliseconds = "timeout_ms"
        case createdBy = "created_by"
        case lastHeartbeat = "last_heartbeat"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Encodes `skill_id` and, for the seed-004 reference routes, the same value as `id`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(skillID, forKey: .skillID)
        try container.encode(skillID, forKey: .id)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(version, forKey: .version)
        try container.encode(status, forKey: .status)
        try container.encode(visibility, forKey: .visibility)
        try container.encode(routingStrategy, forKey: .routingStrategy)
        try container.encode(timeoutMilliseconds, forKey: .timeoutMilliseconds)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(lastHeartbeat, forKey: .lastHeartbeat)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encode(capabilities, forKey: .capabilities)
    }
}

/// One weighted endpoint of a skill.
public struct EndpointRecord: Sendable, Equatable, Encodable {
    public var endpointID: UUID
    public var skillID: UUID
    public var url: String
    public var `protocol`: EndpointProtocol
    public var weight: Int
    public var status: EndpointStatus
    public var ephemeral: Bool
    public var metadata: [String: JSONValue]
    public var lastHeartbeat: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case endpointID = "endpoint_id"
        case skillID = "skill_id"
        case url, `protocol`, weight, status, ephemeral, metadata
        case lastHeartbeat = "last_heartbeat"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// One capability of a skill.
public struct CapabilityRecord: Sendable, Equatable, Encodable {
    public var capabilityID: UUID
    public var skillID: UUID
    public var name: String
    public var description: String
    public var category: String
    public var version: String
    public var status: CapabilityStatus
    public var parameters: JSONValue
    public var streaming: Bool
    /// Whether a failed call may be retried on another endpoint after the request reached it.
    public var idempotent: Bool
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case capabilityID = "capability_id"
        case skillID = "skill_id"
        case name, description, category, version, status, parameters, streaming, idempotent
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A capability found by ``CapabilityRepository/list(_:access:)``, with the skill that offers it.
public struct CapabilityListing: Sendable, Equatable, Encodable {
    public var capability: CapabilityRecord
    public var skillName: String
    public var skillVersion: String

    public func encode(to encoder: any Encoder) throws {
        try capability.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(skillName, forKey: .skillName)
        try container.encode(skillVersion, forKey: .skillVersion)
    }

    enum Keys: String, CodingKey {
        case skillName = "skill_name"
        case skillVersion = "skill_version"
    }
}

/// One page of results and the number of matches over all pages.
public struct Page<Item: Sendable & Encodable>: Sendable, Encodable {
    public var items: [Item]
    public var total: Int
}
