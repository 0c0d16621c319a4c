import Foundation

/// A change to one skill's registration, published to every server instance
/// (``RegistryChangeFeed`` writes it) so each reloads that skill into its ``RegistryCache``.
public struct RegistryChange: Sendable, Decodable, Equatable {
    /// What happened, for logs: `skill.created`, `endpoint.unhealthy`, …
    public var kind: String
    public var skillID: UUID
    /// The instance that made the change.
    public var origin: UUID

    enum CodingKeys: String, CodingKey {
        case kind
        case skillID = "skill_id"
        case origin
    }
}
