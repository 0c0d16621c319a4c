/// Who a caller is within SkillHub's tenancy.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// The holder of `SKILLHUB_ROOT_API_KEY`: creates accounts, sees everything.
    case root
    /// An account administrator: manages the account's users and keys.
    case admin
    /// A user of an account: calls and manages the account's skills.
    case user
    /// A skill service: registers its skills and sends heartbeats.
    case service

    /// The roles an account member may hold (root is no member).
    public static let memberRoles: [Role] = [.admin, .user, .service]
}
