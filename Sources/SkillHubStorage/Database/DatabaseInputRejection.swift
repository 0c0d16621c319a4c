import PostgresNIO

/// Whether PostgreSQL refused a value for a character it cannot store: U+0000 (NUL), which neither
/// `text` nor `jsonb` can hold (SQLSTATE 22P05 `untranslatable_character` for a `\u0000` in JSON,
/// 22021 `character_not_in_repertoire` for a NUL byte in text). JSON allows the character, so a
/// request may carry it anywhere; it is the client's input that cannot be stored (a 400), not an
/// internal error.
public enum DatabaseInputRejection {
    static let sqlStates: Set<String> = ["22P05", "22021"]

    public static func matches(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server,
              let sqlState = error.serverInfo?[.sqlState] else { return false }
        return sqlStates.contains(sqlState)
    }
}
