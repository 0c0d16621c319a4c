/// The authenticated caller of a request.
public struct Principal: Sendable, Equatable {
    /// The account, nil for root.
    public var accountID: String?
    public var userID: String
    public var role: Role

    public init(accountID: String?, userID: String, role: Role) {
        self.accountID = accountID
        self.userID = userID
        self.role = role
    }

    public static let root = Principal(accountID: nil, userID: "root", role: .root)

    /// `root` or `account/user`, as recorded in the audit trail.
    public var actor: String {
        accountID.map { "\($0)/\(userID)" } ?? userID
    }

    /// Whether the caller may manage the users and keys of `accountID`.
    public func administers(accountID: String) -> Bool {
        role == .root || (role == .admin && self.accountID == accountID)
    }
}
