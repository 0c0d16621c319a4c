import Foundation

/// Checks and normalizes the text of an IP address (`RATE_LIMIT_TRUSTED_PROXIES`, `X-Forwarded-For`)
/// without a resolver: dotted IPv4, or IPv6 in hexadecimal groups.
public enum IPAddressText {
    /// Whether `text` is an IPv4 address (four decimal octets) or an IPv6 address.
    public static func isValid(_ text: String) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    /// The address in lowercase, with an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as its IPv4.
    public static func normalized(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.hasPrefix("::ffff:"), isIPv4(String(lower.dropFirst(7))) { return String(lower.dropFirst(7)) }
        return lower
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && (Int(part) ?? 256) <= 255
        }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.count <= 45 else { return false }
        var body = text
        // An embedded IPv4 tail (`::ffff:1.2.3.4`) counts as one group.
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(body[body.index(after: lastColon)...])) else { return false }
            body = String(body[...lastColon]) + "0"
        }
        let compressions = body.components(separatedBy: "::").count - 1
        guard compressions <= 1, !body.contains(":::") else { return false }
        let groups = body.split(separator: ":", omittingEmptySubsequences: true)
        guard groups.count <= 8, compressions == 1 || groups.count == 8 else { return false }
        return groups.allSatisfy { group in group.count <= 4 && group.allSatisfy(\.isHexDigit) }
    }
}
