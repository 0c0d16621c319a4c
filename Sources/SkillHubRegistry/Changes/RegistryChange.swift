import Foundation

/// A change to one skill's registration, published to every server instance
/// so each reloads that skill into its ``RegistryCache``.
public struct RegistryChange: Sendable, Codable, Equatable {
    /// What happened, for logs: `skill.created`, `endpoint.unhealthy`, …
    public var kind: String
    public var skillID: UUID
    /// The instance that made the change.
    public var origin: UUID

    public init(kind: String, skillID: UUID, origin: UUID) {
        self.kind = kind
        self.skillID = skillID
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case skillID = "skill_id"
        case origin
    }
}
