/// Where and how to connect to one Redis server.
public struct RedisConnectionConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The ACL user name (Redis 6+); nil authenticates with the password alone.
    public var username: String?
    public var password: String?
    /// The logical database selected after connecting.
    public var database: Int
    public var connectTimeout: Duration
    /// How long a command may wait for its reply before the connection is dropped.
    public var commandTimeout: Duration

    public init(
        host: String,
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// `host:port`, for messages.
    public var address: String { "\(host):\(port)" }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
