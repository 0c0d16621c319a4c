/// Who may see and call a skill besides its own account.
public enum SkillVisibility: String, Sendable, Codable, CaseIterable {
    /// Only the owning account (and root).
    case `private`
    /// Every authenticated caller may discover and call it; only the owner changes it.
    case `public`
}
