/// What a token allows.
public enum Scope: String, Sendable, Codable, CaseIterable {
    case skillsRead = "skills:read"
    case skillsWrite = "skills:write"
    case skillsInvoke = "skills:invoke"
    case skillsHeartbeat = "skills:heartbeat"
    case admin
}

extension Role {
    /// The scopes a token of this role carries.
    public var scopes: [Scope] {
        switch self {
        case .root, .admin: Scope.allCases
        case .user: [.skillsRead, .skillsWrite, .skillsInvoke]
        case .service: [.skillsRead, .skillsWrite, .skillsHeartbeat]
        }
    }
}
