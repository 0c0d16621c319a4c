import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Accounts, their users and the users' API keys. Every change is recorded
/// in the audit trail in the same transaction.
public struct TenancyRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.tenancy")) {
        self.database = database
        self.logger = logger
    }

    /// Creates an account and its administrator; returns the administrator's key.
    public func createAccount(accountID: String, name: String, adminUserID: String, by actor: Principal) async throws -> IssuedKey {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                do {
                    try await connection.query("INSERT INTO accounts (account_id, name) VALUES (\(accountID), \(name))", logger: logger)
                } catch let error as PSQLError where error.isUniqueViolation {
                    throw SkillHubError(.conflict, "account '\(accountID)' already exists")
                }
                try await connection.query(
                    "INSERT INTO users (account_id, user_id, role) VALUES (\(accountID), \(adminUserID), \(Role.admin.rawValue))",
                    logger: logger
                )
                try await EventLog.record(
                    on: connection, actor: actor, accountID: accountID, kind: "account.created",
                    subjectType: "account", subjectID: accountID, details: ["admin_user_id": .string(adminUserID)], logger: logger
                )
                return try await issueKey(on: connection, accountID: accountID, userID: adminUserID, by: actor)
            }
        }
    }

    public func listAccounts() async throws -> [AccountRecord] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT account_id, name, status, created_at FROM accounts ORDER BY account_id",
                logger: logger
            )
            var accounts: [AccountRecord] = []
            for try await (accountID, name, status, createdAt) in rows.decode((String, String, String, Date).self) {
                accounts.append(AccountRecord(accountID: accountID, name: name, status: status, createdAt: createdAt))
            }
            return accounts
        }
    }

    /// Adds a user to an account; returns the user's key.
    public func addUser(accountID: String, userID: String, role: Role, by actor: Principal) async throws -> IssuedKey {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                try await requireAccount(accountID, on: connection)
                do {
                    try await connection.query(
                        "INSERT INTO users (account_id, user_id, role) VALUES (\(accountID), \(userID), \(role.rawValue))",
                        logger: logger
                    )
                } catch let error as PSQLError where error.isUniqueViolation {
                    throw SkillHubError(.conflict, "user '\(userID)' already exists in account '\(accountID)'")
                }
                try await EventLog.record(
                    on: connection, actor: actor, accountID: accountID, kind: "user.created",
                    subjectType: "user", subjectID: "\(accountID)/\(userID)", details: ["role": .string(role.rawValue)], logger: logger
                )
                return try await issueKey(on: connection, accountID: accountID, userID: userID, by: actor)
            }
        }
    }

    public func listUsers(accountID: String) async throws -> [UserRecord] {
        try await database.withConnection { connection in
            try await requireAccount(accountID, on: connection)
            let rows = try await connection.query(
                """
                SELECT u.user_id, u.role, u.created_at,
                       (SELECT count(*)::int FROM api_keys k
                        WHERE k.account_id = u.account_id AND k.user_id = u.user_id
                          AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()))
                FROM users u WHERE u.account_id = \(accountID) ORDER BY u.user_id
                """,
                logger: logger
            )
            var users: [UserRecord] = []
            for try await (userID, role, createdAt, activeKeys) in rows.decode((String, String, Date, Int).self) {
                users.append(
                    UserRecord(accountID: accountID, userID: userID, role: Role(rawValue: role) ?? .user, activeKeys: activeKeys, createdAt: createdAt)
                )
            }
            return users
        }
    }

    /// Deletes a user and, with it, every key of theirs; 409 (1006) for the account's last
    /// administrator, so no account is left that only the root key can manage.
    public func deleteUser(accountID: String, userID: String, by actor: Principal) async throws {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                try await keepAnAdministrator(accountID: accountID, besides: userID, on: connection)
                let rows = try await connection.query(
                    "DELETE FROM users WHERE account_id = \(accountID) AND user_id = \(userID) RETURNING user_id",
                    logger: logger
                )
                guard try await rows.first(decoding: String.self) != nil else {
                    throw Self.userNotFound(accountID: accountID, userID: userID)
                }
                try await EventLog.record(
                    on: connection, actor: actor, accountID: accountID, kind: "user.deleted",
                    subjectType: "user", subjectID: "\(accountID)/\(userID)", logger: logger
                )
            }
        }
    }

    /// Revokes every active key of the user and issues a new one.
    public func regenerateKey(accountID: String, userID: String, by actor: Principal) async throws -> IssuedKey {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                try await requireUser(accountID: accountID, userID: userID, on: connection)
                try await connection.query(
                    "UPDATE api_keys SET revoked_at = now() WHERE account_id = \(accountID) AND user_id = \(userID) AND revoked_at IS NULL",
                    logger: logger
                )
                return try await issueKey(on: connection, accountID: accountID, userID: userID, by: actor)
            }
        }
    }

    /// Revokes one key; it stops working at once.
    public func revokeKey(accountID: String, userID: String, keyID: UUID, by actor: Principal) async throws {
        try await database.withConnection { connection in
            try await connection.inTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
                    WHERE key_id = \(keyID) AND account_id = \(accountID) AND user_id = \(userID)
                    RETURNING key_id
                    """,
                    logger: logger
                )
                guard try await rows.first(decoding: UUID.self) != nil else {
                    throw SkillHubError(.notFound, "key \(keyID) of user '\(userID)' in account '\(accountID)' not found")
                }
                try await EventLog.record(
                    on: connection, actor: actor, accountID: accountID, kind: "api_key.revoked",
                    subjectType: "api_key", subjectID: keyID.lowercasedString, logger: logger
                )
            }
        }
    }

    /// The holder of a valid (known, unrevoked, unexpired) key, or nil.
    ///
    /// - Parameter hash: The key's hash (``APIKeyMaterial/hash(_:)``).
    /// - Returns: Who holds the key and when it expires; `nil` when no valid key has this hash.
    public func holder(ofAPIKeyHash hash: [UInt8]) async throws -> APIKeyHolder? {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT k.account_id, k.user_id, u.role, k.expires_at
                FROM api_keys k
                JOIN users u ON u.account_id = k.account_id AND u.user_id = k.user_id
                JOIN accounts a ON a.account_id = k.account_id
                WHERE k.key_hash = \(ByteBuffer(bytes: hash)) AND k.revoked_at IS NULL
                  AND (k.expires_at IS NULL OR k.expires_at > now()) AND a.status = 'active'
                """,
                logger: logger
            )
            for try await (accountID, userID, role, expiresAt) in rows.decode((String, String, String, Date?).self) {
                guard let role = Role(rawValue: role) else { return nil }
                return APIKeyHolder(principal: Principal(accountID: accountID, userID: userID, role: role), expiresAt: expiresAt)
            }
            return nil
        }
    }

    private func issueKey(on connection: PostgresConnection, accountID: String, userID: String, by actor: Principal) async throws -> IssuedKey {
        let material = APIKeyMaterial.generate()
        let rows = try await connection.query(
            """
            INSERT INTO api_keys (account_id, user_id, key_hash, key_prefix)
            VALUES (\(accountID), \(userID), \(ByteBuffer(bytes: material.hash)), \(material.prefix))
            RETURNING key_id
            """,
            logger: logger
        )
        guard let keyID = try await rows.first(decoding: UUID.self) else {
            throw SkillHubError(.internalError, "the new API key was not stored")
        }
        try await EventLog.record(
            on: connection, actor: actor, accountID: accountID, kind: "api_key.issued",
            subjectType: "api_key", subjectID: keyID.lowercasedString,
            details: ["user_id": .string(userID), "prefix": .string(material.prefix)], logger: logger
        )
        return IssuedKey(keyID: keyID, plaintext: material.plaintext, prefix: material.prefix)
    }

    /// Refuses (409) when `userID` is the only administrator of the account. The account's
    /// administrators are locked until the transaction ends, so two administrators removing each
    /// other at once cannot both succeed.
    private func keepAnAdministrator(accountID: String, besides userID: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "SELECT user_id FROM users WHERE account_id = \(accountID) AND role = \(Role.admin.rawValue) ORDER BY user_id FOR UPDATE",
            logger: logger
        )
        var administrators: [String] = []
        for try await administrator in rows.decode(String.self) { administrators.append(administrator) }
        guard administrators == [userID] else { return }
        throw SkillHubError(
            .conflict,
            "user '\(userID)' is the last administrator of account '\(accountID)': add another admin before removing this one"
        )
    }

    private func requireAccount(_ accountID: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT 1 FROM accounts WHERE account_id = \(accountID)", logger: logger)
        guard try await rows.first(decoding: Int.self) != nil else {
            throw SkillHubError(.notFound, "account '\(accountID)' not found")
        }
    }

    private func requireUser(accountID: String, userID: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "SELECT 1 FROM users WHERE account_id = \(accountID) AND user_id = \(userID)",
            logger: logger
        )
        guard try await rows.first(decoding: Int.self) != nil else {
            throw Self.userNotFound(accountID: accountID, userID: userID)
        }
    }

    private static func userNotFound(accountID: String, userID: String) -> SkillHubError {
        SkillHubError(.notFound, "user '\(userID)' not found in account '\(accountID)'")
    }
}
