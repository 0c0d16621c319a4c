import Foundation
import SkillHubCore
import SkillHubStorage

/// `POST /api/v1/admin/accounts` (seed 000 shape).
struct CreateAccountRequest: Decodable {
    static let keys: Set<String> = ["account_id", "admin_user_id", "name"]

    var accountID: String
    var adminUserID: String
    var name: String?

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id"
        case adminUserID = "admin_user_id"
        case name
    }

    func validate() throws {
        let problems = [
            TenancyIdentifier.validateAccountID(accountID),
            TenancyIdentifier.validateUserID(adminUserID, field: "admin_user_id"),
            (name?.count ?? 0) > 256 ? FieldError(field: "name", message: "must be at most 256 characters") : nil,
        ].compactMap { $0 }
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
    }
}

/// `POST /api/v1/admin/accounts/{account_id}/users` (seed 000 shape).
struct AddUserRequest: Decodable {
    static let keys: Set<String> = ["user_id", "role"]

    var userID: String
    var role: String?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case role
    }

    /// The validated role (default `user`).
    func validatedRole() throws -> Role {
        var problems = [TenancyIdentifier.validateUserID(userID)].compactMap { $0 }
        let role = Role(rawValue: role ?? Role.user.rawValue)
        if role == nil || role == .root {
            problems.append(FieldError(field: "role", message: "must be one of \(Role.memberRoles.map(\.rawValue).joined(separator: ", "))"))
        }
        guard problems.isEmpty, let role else { throw SkillHubError.invalidFields(problems) }
        return role
    }
}

/// The seed-000 response wrapper: `{"status": "ok", "result": …}`.
struct AdminResponse<Result: Encodable>: Encodable {
    var status = "ok"
    var result: Result
}

/// A key shown once, with the user it belongs to.
struct IssuedKeyBody: Encodable {
    var accountID: String
    var userID: String
    var adminUserID: String?
    var role: Role?
    var userKey: String
    var keyID: String
    var keyPrefix: String

    init(accountID: String, userID: String, role: Role?, isAccountAdmin: Bool = false, key: IssuedKey) {
        self.accountID = accountID
        self.userID = userID
        self.adminUserID = isAccountAdmin ? userID : nil
        self.role = role
        self.userKey = key.plaintext
        self.keyID = key.keyID.lowercasedString
        self.keyPrefix = key.prefix
    }

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id"
        case userID = "user_id"
        case adminUserID = "admin_user_id"
        case role
        case userKey = "user_key"
        case keyID = "key_id"
        case keyPrefix = "key_prefix"
    }
}
