import Foundation

/// A parsed `redis://[[user]:password@]host[:port][/db]` URL.
public struct RedisURL: Sendable, Equatable {
    public static let expectedForm = "redis://[[user]:password@]host[:port][/db]"

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int

    public init(host: String, port: Int = 6379, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    public init(parsing text: String) throws(URLFormatError) {
        func failure(_ reason: String) -> URLFormatError { URLFormatError(reason: reason, expectedForm: Self.expectedForm) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw failure("'\(text)' is not a URL")
        }
        if scheme == "rediss" { throw failure("TLS (rediss://) is not supported") }
        guard scheme == "redis" else { throw failure("scheme '\(scheme)' is not redis") }
        guard let host = components.host, !host.isEmpty else { throw failure("the URL has no host") }
        let path = components.path.drop(while: { $0 == "/" })
        var database = 0
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else { throw failure("database '\(path)' is not a number") }
            database = number
        }
        let username = components.user.flatMap { $0.isEmpty ? nil : $0 }
        let port = try components.tcpPort(defaulting: 6379, expectedForm: Self.expectedForm)
        self.init(host: host, port: port, username: username, password: components.password, database: database)
    }

    /// The URL with its password replaced by `***`, for logs and `config check`.
    public var maskedDescription: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        return "redis://\(credentials)\(host):\(port)/\(database)"
    }
}
