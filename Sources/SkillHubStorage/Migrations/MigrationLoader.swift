import Foundation

/// Reads `NNNN_name.sql` files from a directory, sorted by version.
public enum MigrationLoader {
    public static func load(directory: String) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadableDirectory(path: directory, reason: error.localizedDescription)
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let (version, name) = try parse(fileName: fileName)
            let path = (directory as NSString).appendingPathComponent(fileName)
            guard let sql = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .unreadableDirectory(path: path, reason: "not readable as UTF-8 text")
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        let byVersion = Dictionary(grouping: migrations, by: \.version)
        if let (version, group) = byVersion.first(where: { $0.value.count > 1 }) {
            throw .duplicateVersion(version, group.map { "\($0.identifier).sql" }.sorted())
        }
        return migrations.sorted { $0.version < $1.version }
    }

    static func parse(fileName: String) throws(MigrationError) -> (version: Int, name: String) {
        let stem = fileName.dropLast(".sql".count)
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]), version > 0,
            !parts[1].isEmpty,
            parts[1].allSatisfy({ ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "_" })
        else {
            throw .invalidFileName(fileName)
        }
        return (version, String(parts[1]))
    }
}
