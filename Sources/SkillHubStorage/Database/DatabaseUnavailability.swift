import PostgresNIO

/// Whether a failure means PostgreSQL could not be reached (a 503 to the
/// client, worth retrying) rather than something wrong with the request.
public enum DatabaseUnavailability {
    public static func matches(_ error: any Error) -> Bool {
        if error is DatabaseUnavailableError { return true }
        guard let error = error as? PSQLError else { return false }
        return [.connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection].contains(error.code)
    }
}
