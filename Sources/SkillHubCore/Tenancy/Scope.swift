/// What a token allows.
public enum Scope: String, Sendable, Codable, CaseIterable {
    case skillsRead = "skills:read"
    case skillsWrite = "skills:write"
    case skillsInvoke = "skills:invoke"
    case skillsHeartbeat = "skills:heartbeat"
    case admin
    /// Read knowledge collections and query them (`/api/v1/knowledge/...`).
    case knowledgeRead = "knowledge:read"
    /// Create and change knowledge collections and their documents.
    case knowledgeWrite = "knowledge:write"
}

extension Role {
    /// The scopes a token of this role carries.
    public var scopes: [Scope] {
        switch self {
        case .root, .admin: Scope.allCases
        case .user: [.skillsRead, .skillsWrite, .skillsInvoke, .knowledgeRead, .knowledgeWrite]
        case .service: [.skillsRead, .skillsWrite, .skillsHeartbeat]
        }
    }
}
