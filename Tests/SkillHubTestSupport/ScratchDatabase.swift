import Foundation
import PostgresNIO
import SkillHubCore
import SkillHubStorage

/// An empty database created for one test on the test cluster and dropped after it.
public enum ScratchDatabase {
    /// Runs `body` with the URL of a new, empty database.
    public static func with<Result: Sendable>(_ body: @Sendable (PostgresURL) async throws -> Result) async throws -> Result {
        let admin = try TestStack.databaseURL()
        var scratch = admin
        scratch.database = "scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await execute("CREATE DATABASE \(scratch.database)", on: admin)
        do {
            let result = try await body(scratch)
            try await execute("DROP DATABASE \(scratch.database) WITH (FORCE)", on: admin)
            return result
        } catch {
            try? await execute("DROP DATABASE \(scratch.database) WITH (FORCE)", on: admin)
            throw error
        }
    }

    static func execute(_ sql: String, on url: PostgresURL) async throws {
        try await TestStack.withDatabase(url, poolSize: 1) { database in
            try await database.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)
            }
        }
    }
}
