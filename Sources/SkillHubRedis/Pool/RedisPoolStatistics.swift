/// A snapshot of the pool, for status pages and metrics.
public struct RedisPoolStatistics: Sendable, Equatable, Codable {
    /// The pool's view of the server.
    public enum State: String, Sendable, Codable {
        /// The last connection attempt succeeded.
        case connected
        /// No connection has been attempted yet.
        case idle
        /// The last attempt failed; new attempts wait for the back-off.
        case reconnecting
        case shutdown
    }

    public var state: State
    public var openConnections: Int
    public var idleConnections: Int
    public var leasedConnections: Int
    public var waiting: Int
    public var maxConnections: Int
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case state
        case openConnections = "open_connections"
        case idleConnections = "idle_connections"
        case leasedConnections = "leased_connections"
        case waiting
        case maxConnections = "max_connections"
        case lastError = "last_error"
    }
}
