import Foundation

/// A parsed `postgresql://user[:password]@host[:port]/database[?sslmode=…]` URL.
public struct PostgresURL: Sendable, Equatable {
    /// How the connection uses TLS (`sslmode`).
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    public static let expectedForm = "postgresql://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]"

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tlsMode: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
    }

    public init(parsing text: String) throws(URLFormatError) {
        func failure(_ reason: String) -> URLFormatError { URLFormatError(reason: reason, expectedForm: Self.expectedForm) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw failure("'\(text)' is not a URL")
        }
        guard scheme == "postgresql" || scheme == "postgres" else {
            throw failure("scheme '\(scheme)' is not postgresql")
        }
        guard let host = components.host, !host.isEmpty else { throw failure("the URL has no host") }
        guard let username = components.user, !username.isEmpty else { throw failure("the URL has no user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw failure("the URL has no database name") }
        let port = try components.tcpPort(defaulting: 5432, expectedForm: Self.expectedForm)
        var tlsMode = TLSMode.disable
        if let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let mode = TLSMode(rawValue: sslmode) else { throw failure("sslmode '\(sslmode)' is not supported") }
            tlsMode = mode
        }
        self.init(
            host: host,
            port: port,
            username: username,
            password: components.password,
            database: database,
            tlsMode: tlsMode
        )
    }

    /// The URL with its password replaced by `***`, for logs and `config check`.
    public var maskedDescription: String {
        let credentials = password == nil ? username : "\(username):***"
        return "postgresql://\(credentials)@\(host):\(port)/\(database)?sslmode=\(tlsMode.rawValue)"
    }
}
