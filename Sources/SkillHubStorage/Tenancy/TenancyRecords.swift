import Foundation
import SkillHubCore

/// An account (tenant).
public struct AccountRecord: Sendable, Codable, Equatable {
    public var accountID: String
    public var name: String
    public var status: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id"
        case name, status
        case createdAt = "created_at"
    }
}

/// A user of an account, with the number of keys it can use.
public struct UserRecord: Sendable, Codable, Equatable {
    public var accountID: String
    public var userID: String
    public var role: Role
    public var activeKeys: Int
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id"
        case userID = "user_id"
        case role
        case activeKeys = "active_keys"
        case createdAt = "created_at"
    }
}

/// A key just issued: the only time its plaintext exists outside its owner.
public struct IssuedKey: Sendable, Equatable {
    public var keyID: UUID
    public var plaintext: String
    public var prefix: String
}

/// Who holds a valid API key, and until when the key stays valid.
public struct APIKeyHolder: Sendable, Equatable {
    public var principal: Principal
    /// When the key stops working by itself; `nil` when it never does.
    public var expiresAt: Date?

    public init(principal: Principal, expiresAt: Date?) {
        self.principal = principal
        self.expiresAt = expiresAt
    }
}
