import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// Appends to the audit trail (`events`), inside the caller's transaction.
public enum EventLog {
    public static func record(
        on connection: PostgresConnection,
        actor: Principal,
        accountID: String?,
        kind: String,
        subjectType: String,
        subjectID: String,
        details: JSONValue = [:],
        logger: Logger
    ) async throws {
        let json = JSONText.encode(details)
        try await connection.query(
            """
            INSERT INTO events (actor, account_id, kind, subject_type, subject_id, details)
            VALUES (\(actor.actor), \(accountID), \(kind), \(subjectType), \(subjectID), \(json)::jsonb)
            """,
            logger: logger
        )
    }
}
