/// PostgreSQL could not be used: no connection within the acquire timeout, or it was found
/// unreachable moments ago and has not answered a probe since. A 503 (1008) to clients,
/// answered at once instead of after the outage.
public struct DatabaseUnavailableError: Error, Sendable, CustomStringConvertible {
    /// `host:port` of the server.
    public var address: String
    /// Why, for logs.
    public var reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    public var description: String { "PostgreSQL at \(address) is unavailable: \(reason)" }
}
