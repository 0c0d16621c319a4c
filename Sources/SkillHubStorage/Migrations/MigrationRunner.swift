import Foundation
import Logging
import PostgresNIO

/// Where one migration stands against the database.
public struct MigrationState: Sendable, Equatable {
    public enum Status: String, Sendable {
        case applied, pending, changed
        /// Recorded as applied but its file is gone.
        case missing
    }

    public var version: Int
    public var name: String
    public var status: Status
    public var appliedAt: Date?
}

/// Applies `migrations/NNNN_name.sql` files in order.
///
/// Each migration runs in its own transaction and is recorded in
/// `schema_migrations` with its checksum. A session-level advisory lock makes
/// concurrent runners (several instances starting at once) take turns; the
/// second finds nothing left to do.
public struct MigrationRunner: Sendable {
    /// The advisory lock key: "skillhub" as ASCII in the low bytes.
    static let advisoryLockKey: Int64 = 0x736B_696C_6C68_7562
    private let database: Database
    private let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "skillhub.migrations")) {
        self.database = database
        self.logger = logger
    }

    /// Applies every pending migration; returns the ones applied now.
    @discardableResult
    public func apply(_ migrations: [Migration]) async throws -> [Migration] {
        try await database.withConnection { connection in
            try await withMigrationLock(on: connection) {
                let applied = try await appliedChecksums(on: connection)
                try verify(migrations, against: applied)
                var appliedNow: [Migration] = []
                for migration in migrations where applied[migration.version] == nil {
                    try await apply(migration, on: connection)
                    appliedNow.append(migration)
                }
                return appliedNow
            }
        }
    }

    /// The state of every migration, on disk or recorded.
    public func status(_ migrations: [Migration]) async throws -> [MigrationState] {
        try await database.withConnection { connection in
            try await createTable(on: connection)
            let rows = try await connection.query(
                "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
                logger: logger
            )
            var recorded: [Int: (name: String, checksum: String, appliedAt: Date)] = [:]
            for try await (version, name, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
                recorded[version] = (name, checksum, appliedAt)
            }
            var states = migrations.map { migration -> MigrationState in
                guard let record = recorded[migration.version] else {
                    return MigrationState(version: migration.version, name: migration.name, status: .pending)
                }
                let status: MigrationState.Status = record.checksum == migration.checksum ? .applied : .changed
                return MigrationState(version: migration.version, name: migration.name, status: status, appliedAt: record.appliedAt)
            }
            let known = Set(migrations.map(\.version))
            for (version, record) in recorded where !known.contains(version) {
                states.append(MigrationState(version: version, name: record.name, status: .missing, appliedAt: record.appliedAt))
            }
            return states.sorted { $0.version < $1.version }
        }
    }

    private func verify(_ migrations: [Migration], against applied: [Int: (name: String, checksum: String)]) throws {
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            let identifier = Migration.identifier(version: version, name: record.name)
            guard let migration = byVersion[version] else { throw MigrationError.missingFile(migration: identifier) }
            guard migration.checksum == record.checksum else {
                throw MigrationError.checksumMismatch(migration: identifier, applied: record.checksum, file: migration.checksum)
            }
        }
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        let started = ContinuousClock.now
        do {
            try await connection.inTransaction(logger: logger) { connection in
                for statement in SQLStatementSplitter.split(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                    logger: logger
                )
            }
        } catch {
            throw MigrationError.failed(migration: migration.identifier, reason: PostgresErrorDescription.describe(error))
        }
        logger.info(
            "applied migration",
            metadata: ["migration": "\(migration.identifier)", "duration": "\(ContinuousClock.now - started)"]
        )
    }

    private func appliedChecksums(on connection: PostgresConnection) async throws -> [Int: (name: String, checksum: String)] {
        try await createTable(on: connection)
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        var applied: [Int: (name: String, checksum: String)] = [:]
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            applied[version] = (name, checksum)
        }
        return applied
    }

    private func createTable(on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer     PRIMARY KEY,
                name        text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
    }

    private func withMigrationLock<Result: Sendable>(
        on connection: PostgresConnection,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
        do {
            let result = try await body()
            try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
            throw error
        }
    }
}
