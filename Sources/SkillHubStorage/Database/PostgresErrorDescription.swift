import PostgresNIO

/// Human-readable text for PostgresNIO errors, whose `description` is
/// deliberately generic: the server's message when there is one.
public enum PostgresErrorDescription {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
