/// Why migrations could not be loaded or applied. Each says what to do.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableDirectory(path: String, reason: String)
    case invalidFileName(String)
    case duplicateVersion(Int, [String])
    /// An applied migration's file no longer matches what was applied.
    case checksumMismatch(migration: String, applied: String, file: String)
    /// An applied migration has no file any more.
    case missingFile(migration: String)
    case failed(migration: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            "cannot read migrations directory \(path): \(reason)"
        case .invalidFileName(let name):
            "migration file \(name) is not named NNNN_name.sql (four digits, then lower-case letters, digits and underscores)"
        case .duplicateVersion(let version, let files):
            "migration version \(version) is used by more than one file: \(files.joined(separator: ", "))"
        case .checksumMismatch(let migration, let applied, let file):
            "migration \(migration) was changed after it was applied (applied checksum \(applied.prefix(12)), file checksum \(file.prefix(12))); restore the file and add a new migration for the change"
        case .missingFile(let migration):
            "migration \(migration) is recorded as applied but its file is missing; restore the file"
        case .failed(let migration, let reason):
            "migration \(migration) failed and was rolled back: \(reason)"
        }
    }
}
