/// Whether a skill takes calls (Ooder AI Bridge v0.6).
public enum SkillStatus: String, Sendable, Codable, CaseIterable {
    case active
    case inactive
    case maintenance
}
