import PostgresNIO
import SkillHubTestSupport
import Testing

@testable import SkillHubStorage

@Suite("Migration runner against PostgreSQL")
struct MigrationRunnerTests {
    let first = Migration(version: 1, name: "widgets", sql: "CREATE TABLE widgets (id int PRIMARY KEY);\nINSERT INTO widgets VALUES (1), (2);")
    let second = Migration(version: 2, name: "gadgets", sql: "CREATE TABLE gadgets (id int);")

    func count(_ sql: PostgresQuery, in database: Database) async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(sql, logger: connection.logger)
            for try await (count) in rows.decode(Int.self) { return count }
            return -1
        }
    }

    @Test func appliesAFreshDatabaseAndReRunIsANoOp() async throws {
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                let runner = MigrationRunner(database: database)
                #expect(try await runner.apply([first, second]).map(\.version) == [1, 2])
                #expect(try await runner.apply([first, second]).isEmpty)
                #expect(try await count("SELECT count(*)::int FROM widgets", in: database) == 2)
                let states = try await runner.status([first, second])
                #expect(states.map(\.status) == [.applied, .applied])
            }
        }
    }

    @Test func appliesOnlyWhatIsNew() async throws {
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                let runner = MigrationRunner(database: database)
                try await runner.apply([first])
                #expect(try await runner.status([first, second]).map(\.status) == [.applied, .pending])
                #expect(try await runner.apply([first, second]).map(\.version) == [2])
            }
        }
    }

    @Test func refusesAnAppliedMigrationWhoseFileChanged() async throws {
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                let runner = MigrationRunner(database: database)
                try await runner.apply([first])
                let edited = Migration(version: 1, name: "widgets", sql: first.sql + "\n-- edited")
                let error = await #expect(throws: MigrationError.self) { try await runner.apply([edited, second]) }
                guard case .checksumMismatch(let migration, _, _) = error else {
                    Issue.record("expected a checksum mismatch, got \(String(describing: error))")
                    return
                }
                #expect(migration == "0001_widgets")
                #expect("\(error!)".contains("was changed after it was applied"))
                #expect(try await runner.status([edited]).map(\.status) == [.changed])
                #expect(try await count("SELECT count(*)::int FROM schema_migrations", in: database) == 1)
            }
        }
    }

    @Test func refusesWhenAnAppliedFileIsMissing() async throws {
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                let runner = MigrationRunner(database: database)
                try await runner.apply([first, second])
                await #expect(throws: MigrationError.missingFile(migration: "0001_widgets")) { try await runner.apply([second]) }
            }
        }
    }

    @Test func aFailingMigrationIsRolledBackAndNotRecorded() async throws {
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                let runner = MigrationRunner(database: database)
                let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;")
                let error = await #expect(throws: MigrationError.self) { try await runner.apply([first, broken]) }
                let message = error.map { "\($0)" } ?? ""
                #expect(message.hasPrefix("migration 0002_broken failed and was rolled back"))
                #expect(message.contains("no_such_table"))
                let leftovers = try await count("SELECT count(*)::int FROM pg_tables WHERE tablename = 'half'", in: database)
                #expect(leftovers == 0)
                let states = try await runner.status([first, broken])
                #expect(states.map(\.status) == [.applied, .pending])
            }
        }
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        let slow = Migration(version: 3, name: "slow", sql: "SELECT pg_sleep(0.3); CREATE TABLE slow (id int);")
        try await ScratchDatabase.with { [first, second] url in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await TestStack.withDatabase(url) { database in
                            try await MigrationRunner(database: database).apply([first, second, slow]).map(\.version)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(applied.flatMap { $0 }.sorted() == [1, 2, 3])
            #expect(applied.filter(\.isEmpty).count == 2)
        }
    }

    @Test func theRepositoryMigrationsCreateTheRegistrySchema() async throws {
        let migrations = try MigrationLoader.load(directory: try TestStack.migrationsDirectory())
        #expect(!migrations.isEmpty)
        try await ScratchDatabase.with { url in
            try await TestStack.withDatabase(url) { database in
                try await MigrationRunner(database: database).apply(migrations)
                let tables = try await database.withConnection { connection in
                    let rows = try await connection.query(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                        logger: connection.logger
                    )
                    return try await rows.decode(String.self).reduce(into: [String]()) { $0.append($1) }
                }
                for table in ["accounts", "users", "api_keys", "skills", "endpoints", "capabilities", "events", "schema_migrations"] {
                    #expect(tables.contains(table), "missing table \(table)")
                }
            }
        }
    }
}
