import PostgresNIO

/// Whether a failure means PostgreSQL could not be reached (a 503 to the
/// client, worth retrying) rather than something wrong with the request.
public enum DatabaseUnavailability {
    /// SQLSTATE class 57P, the server going away or not there yet: `admin_shutdown` (a fast shutdown ends every
    /// session with it, as does `pg_terminate_backend`), `crash_shutdown`, `cannot_connect_now` (starting up).
    static let outageSQLStates: Set<String> = ["57P01", "57P02", "57P03"]

    public static func matches(_ error: any Error) -> Bool {
        if error is DatabaseUnavailableError { return true }
        guard let error = error as? PSQLError else { return false }
        if error.code == .server, let sqlState = error.serverInfo?[.sqlState] { return outageSQLStates.contains(sqlState) }
        return [.connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection].contains(error.code)
    }
}
