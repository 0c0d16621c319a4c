import ArgumentParser
import Logging
import SkillHubCore
import SkillHubStorage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply or inspect database migrations.",
        subcommands: [Apply.self, Status.self],
        defaultSubcommand: Apply.self
    )

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply every pending migration in order.")

        func run() async throws {
            let configuration = try CommandEnvironment.loadConfiguration()
            let logger = try CommandEnvironment.bootstrapLogging(configuration)
            defer { CommandEnvironment.flushLogs() }
            try await applyMigrations(configuration, logger: logger)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List migrations and whether each is applied.")

        func run() async throws {
            let configuration = try CommandEnvironment.loadConfiguration()
            let logger = try CommandEnvironment.bootstrapLogging(configuration)
            defer { CommandEnvironment.flushLogs() }
            let migrations = try loadMigrations(configuration)
            let states = try await withDatabase(configuration, logger: logger) { database in
                try await MigrationRunner(database: database, logger: logger).status(migrations)
            }
            for state in states {
                let applied = state.appliedAt.map { " (applied \($0.formatted(.iso8601)))" } ?? ""
                print(String(format: "%04d_%@  %@%@", state.version, state.name, state.status.rawValue, applied))
            }
            if states.contains(where: { $0.status == .changed || $0.status == .missing }) {
                throw ExitCode.failure
            }
        }
    }
}

/// Applies pending migrations and prints what it did.
func applyMigrations(_ configuration: SkillHubConfiguration, logger: Logger) async throws {
    let migrations = try loadMigrations(configuration)
    let applied = try await withDatabase(configuration, logger: logger) { database in
        try await MigrationRunner(database: database, logger: logger).apply(migrations)
    }
    print(applied.isEmpty ? "database is up to date (\(migrations.count) migrations)" : "applied \(applied.map(\.identifier).joined(separator: ", "))")
}

private func loadMigrations(_ configuration: SkillHubConfiguration) throws -> [Migration] {
    do {
        return try MigrationLoader.load(directory: configuration.database.migrationsDirectory)
    } catch {
        throw CommandEnvironment.fail(error.description)
    }
}

/// Runs `body` with a running database pool, then shuts the pool down.
func withDatabase<Result: Sendable>(
    _ configuration: SkillHubConfiguration,
    logger: Logger,
    _ body: @escaping @Sendable (Database) async throws -> Result
) async throws -> Result {
    let database = Database(url: configuration.database.url, poolSize: configuration.database.poolSize, logger: logger)
    do {
        return try await withTimeout(.seconds(120), operation: "migration") {
            try await database.whileRunning(body)
        }
    } catch let error as MigrationError {
        throw CommandEnvironment.fail(error.description)
    } catch {
        throw CommandEnvironment.fail("cannot reach PostgreSQL at \(configuration.database.url.maskedDescription): \(PostgresErrorDescription.describe(error))")
    }
}
