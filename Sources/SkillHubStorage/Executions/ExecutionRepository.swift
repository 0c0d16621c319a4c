import Foundation
import Logging
import PostgresNIO
import SkillHubCore

/// The executions of `POST /api/v1/commands/execute`, in PostgreSQL so any
/// instance can answer `GET /api/v1/executions/{id}`.
public struct ExecutionRepository: Sendable {
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.executions")) {
        self.database = database
        self.logger = logger
    }

    private static let columns = """
        execution_id, command_id, account_id, requested_by, skill_id, capability, status, result::text, error::text,
        endpoint_id, callback_url, callback_status, created_at, started_at, completed_at
        """

    /// Records a new execution in `status` (pending for asynchronous ones, running for synchronous ones).
    public func create(_ draft: ExecutionDraft, status: ExecutionStatus, by principal: Principal) async throws -> ExecutionRecord {
        let started: Date? = status == .running ? Date() : nil
        return try await one(
            """
            INSERT INTO executions (command_id, account_id, requested_by, skill_id, capability, parameters, metadata, status, callback_url, started_at)
            VALUES (\(draft.commandID), \(principal.accountID), \(principal.actor), \(draft.skillID), \(draft.capability),
                    \(JSONText.encode(draft.parameters))::jsonb, \(JSONText.encode(draft.metadata))::jsonb,
                    \(status.rawValue), \(draft.callbackURL), \(started))
            RETURNING \(unescaped: Self.columns)
            """
        )
    }

    /// Marks a pending execution running.
    public func markRunning(_ executionID: UUID) async throws {
        _ = try await one("UPDATE executions SET status = 'running', started_at = now() WHERE execution_id = \(executionID) RETURNING \(unescaped: Self.columns)")
    }

    /// Records how an execution ended.
    public func finish(_ executionID: UUID, result: JSONValue?, error: JSONValue?, endpointID: UUID?) async throws -> ExecutionRecord {
        let status = error == nil ? ExecutionStatus.completed : .failed
        let resultText = result.map { JSONText.encode($0) }
        let errorText = error.map { JSONText.encode($0) }
        return try await one(
            """
            UPDATE executions SET status = \(status.rawValue), result = \(resultText)::jsonb, error = \(errorText)::jsonb,
                   endpoint_id = \(endpointID), completed_at = now()
            WHERE execution_id = \(executionID)
            RETURNING \(unescaped: Self.columns)
            """
        )
    }

    /// Records whether the result reached the callback URL.
    public func recordCallback(_ executionID: UUID, status: String) async throws {
        _ = try await one("UPDATE executions SET callback_status = \(status) WHERE execution_id = \(executionID) RETURNING \(unescaped: Self.columns)")
    }

    /// The execution, if the caller may read it (its account's, or any for root); 404 (1012) otherwise.
    /// One left pending or running past `abandonAfter` (its instance stopped) is marked failed first.
    public func execution(_ executionID: UUID, access: SkillAccess, abandonAfter: Duration) async throws -> ExecutionRecord {
        let seconds = Double(abandonAfter.components.seconds)
        let (everything, account) = access == .everything ? (true, "") : (false, access.owningAccount ?? "")
        let found: ExecutionRecord? = try await database.withConnection { connection in
            try await connection.query(
                """
                UPDATE executions SET status = 'failed', completed_at = now(),
                       error = jsonb_build_object('code', 1007, 'message', 'the execution was interrupted: the instance running it stopped')
                WHERE execution_id = \(executionID) AND status IN ('pending', 'running')
                  AND created_at < now() - make_interval(secs => \(seconds))
                """,
                logger: logger
            )
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM executions WHERE execution_id = \(executionID) AND (\(everything) OR account_id = \(account))",
                logger: logger
            )
            return try await Self.records(rows).first
        }
        guard let found else { throw SkillHubError(.notFound, "execution \(executionID.lowercasedString) not found") }
        return found
    }

    private func one(_ query: PostgresQuery) async throws -> ExecutionRecord {
        try await database.withConnection { connection in
            guard let record = try await Self.records(try await connection.query(query, logger: logger)).first else {
                throw SkillHubError(.notFound, "execution not found")
            }
            return record
        }
    }

    private static func records(_ rows: PostgresRowSequence) async throws -> [ExecutionRecord] {
        var records: [ExecutionRecord] = []
        for try await row in rows {
            let (id, commandID, accountID, requestedBy, skillID, capability, status, result, error) =
                try row.decode((UUID, String?, String?, String, UUID, String, String, String?, String?).self, context: .default)
            var record = ExecutionRecord(
                executionID: id, commandID: commandID, accountID: accountID, requestedBy: requestedBy, skillID: skillID,
                capability: capability, status: ExecutionStatus(rawValue: status) ?? .failed,
                result: result.map(JSONText.value), error: error.map(JSONText.value),
                endpointID: nil, callbackURL: nil, callbackStatus: nil, createdAt: Date(), startedAt: nil, completedAt: nil
            )
            let columns = row.makeRandomAccess()
            record.endpointID = try columns[9].decode(UUID?.self)
            record.callbackURL = try columns[10].decode(String?.self)
            record.callbackStatus = try columns[11].decode(String?.self)
            record.createdAt = try columns[12].decode(Date.self)
            record.startedAt = try columns[13].decode(Date?.self)
            record.completedAt = try columns[14].decode(Date?.self)
            records.append(record)
        }
        return records
    }
}
