import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `body` between BEGIN and COMMIT, rolling back and rethrowing the
    /// original error when it throws (PostgresNIO's own `withTransaction`
    /// wraps the error, which would hide SkillHub's error codes).
    public func inTransaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await query("BEGIN", logger: logger)
        do {
            let result = try await body(self)
            try await query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }
}

extension PSQLError {
    /// Whether the server refused the statement for a unique-constraint violation (SQLSTATE 23505).
    public var isUniqueViolation: Bool { serverInfo?[.sqlState] == "23505" }
}
