import PostgresNIO
import SkillHubTestSupport
import Testing

@testable import SkillHubStorage

/// Which PostgreSQL failures are an outage (a 503 worth retrying) rather than a fault of the request.
@Suite("PostgreSQL unavailability")
struct DatabaseUnavailabilityTests {
    /// Found by `make faults` (PostgreSQL stopped with `pg_ctl -m fast` under load): a registration in flight
    /// failed with SQLSTATE 57P01 "terminating connection due to administrator command" and answered 500.
    /// `pg_terminate_backend` ends a session with the same error.
    @Test func aSessionEndedByTheServerIsAnOutage() async throws {
        try await TestStack.withDatabase(try TestStack.databaseURL()) { database in
            let sleeper = Task {
                try await database.withConnection { connection in
                    _ = try await connection.query("SELECT pg_sleep(30)", logger: connection.logger).collect()
                }
            }
            var terminated = false
            for _ in 0..<100 where !terminated {
                try await Task.sleep(for: .milliseconds(50))
                terminated = try await database.withConnection { connection in
                    let rows = try await connection.query(
                        "SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND pid <> pg_backend_pid()",
                        logger: connection.logger
                    )
                    for try await (count) in rows.decode(Int.self) { return count > 0 }
                    return false
                }
            }
            #expect(terminated)
            let error = await #expect(throws: (any Error).self) { try await sleeper.value }
            #expect(DatabaseUnavailability.matches(try #require(error)))
        }
    }
}
