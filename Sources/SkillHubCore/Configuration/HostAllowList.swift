/// The hosts SkillHub may send requests to: exact names, `*.domain` for the
/// subdomains of `domain`, `*` for any. Configured as a comma-separated list
/// (`SKILLHUB_ENDPOINT_ALLOWED_HOSTS`, `SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS`).
/// Names are compared without regard to case, IP addresses as written
/// (`10.0.0.7`; IPv6 with or without brackets: `[::1]` and `::1` are the same).
public struct HostAllowList: Sendable, Equatable, CustomStringConvertible {
    /// The patterns, lowercased, IPv6 addresses without brackets.
    public let patterns: [String]

    public init(_ patterns: [String]) {
        self.patterns = patterns.map(Self.normalized)
    }

    /// The patterns of a comma-separated list (blanks around them and empty entries ignored).
    public init(parsing list: String) {
        self.init(list.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty })
    }

    /// Any host.
    public static let any = HostAllowList(["*"])

    /// Whether `host` matches one of the patterns.
    public func allows(host: String) -> Bool {
        if self == .any { return true }
        let host = Self.normalized(host)
        return patterns.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst()) }
            return host == pattern
        }
    }

    public var description: String { patterns.joined(separator: ",") }

    /// `host` lowercased, an IPv6 address without its brackets.
    private static func normalized(_ host: String) -> String {
        let host = host.lowercased()
        guard host.hasPrefix("["), host.hasSuffix("]") else { return host }
        return String(host.dropFirst().dropLast())
    }
}
