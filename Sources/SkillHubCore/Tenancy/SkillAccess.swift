/// Which skills a caller may see and change.
public enum SkillAccess: Sendable, Equatable {
    /// Root: every skill, including platform skills without an account.
    case everything
    /// An account member: reads its account's skills and public ones, changes only its own.
    case account(String)

    /// Whether a skill owned by `owner` (nil for platform skills) with `visibility` can be read.
    public func canRead(owner: String?, visibility: SkillVisibility) -> Bool {
        switch self {
        case .everything: true
        case .account(let id): owner == id || visibility == .public
        }
    }

    /// Whether a skill owned by `owner` can be changed.
    public func canWrite(owner: String?) -> Bool {
        switch self {
        case .everything: true
        case .account(let id): owner == id
        }
    }

    /// The account that owns what this caller creates (nil: a platform skill).
    public var owningAccount: String? {
        switch self {
        case .everything: nil
        case .account(let id): id
        }
    }
}

extension Principal {
    /// The skills this caller may see and change.
    public var skillAccess: SkillAccess {
        if role == .root { return .everything }
        // A member always has an account; should one not, it matches no account's skills (fail closed).
        return .account(accountID ?? "")
    }
}
