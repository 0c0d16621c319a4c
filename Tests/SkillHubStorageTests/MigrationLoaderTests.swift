import Foundation
import Testing

@testable import SkillHubStorage

@Suite("Migration loader")
struct MigrationLoaderTests {
    static func directory(_ files: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url.path
    }

    @Test func loadsInVersionOrderWithChecksums() throws {
        let path = try Self.directory(["0002_b.sql": "SELECT 2;", "0001_a.sql": "SELECT 1;", "README.md": "ignored"])
        let migrations = try MigrationLoader.load(directory: path)
        #expect(migrations.map(\.identifier) == ["0001_a", "0002_b"])
        #expect(migrations[0].checksum.count == 64)
        #expect(migrations[0].checksum != migrations[1].checksum)
    }

    @Test(arguments: ["1_short.sql", "0001-dash.sql", "0001_Upper.sql", "abcd_name.sql", "0000_zero.sql", "0001_.sql"])
    func refusesBadFileNames(name: String) throws {
        let path = try Self.directory([name: "SELECT 1;"])
        #expect(throws: MigrationError.invalidFileName(name)) { try MigrationLoader.load(directory: path) }
    }

    @Test func refusesDuplicateVersions() throws {
        let path = try Self.directory(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        #expect(throws: MigrationError.duplicateVersion(1, ["0001_a.sql", "0001_b.sql"])) { try MigrationLoader.load(directory: path) }
    }

    @Test func reportsAMissingDirectory() {
        #expect(throws: MigrationError.self) { try MigrationLoader.load(directory: "/nonexistent/migrations") }
    }
}
