/// Where a call goes: the origin and request target of a plain `http://` URL.
///
/// Accepts `http://host[:port][/path][?query]`, where host is an IPv4 address, a host name
/// or a bracketed IPv6 address (`http://[::1]:8080/x`). A fragment is dropped. Rejected: any other
/// scheme (https included), user information, an empty host, a port outside 1...65535, IPv6 zone
/// identifiers, and spaces, control or non-ASCII bytes anywhere (percent-encode them).
public struct EndpointHTTPTarget: Sendable, Hashable, CustomStringConvertible {
    /// The host to connect to: a name (lowercased) or an IP address, without brackets.
    public let host: String
    /// The TCP port (80 unless given).
    public let port: Int
    /// Path and query, as sent on the request line (`/` when the URL has no path).
    public let requestTarget: String
    /// The `Host` header value: the host (bracketed if IPv6) and the port when it is not 80.
    public let hostHeader: String

    public var description: String { "http://\(hostHeader)\(requestTarget)" }

    public init?(url: String) {
        let bytes = Array(url.utf8)
        let scheme: [UInt8] = Array("http://".utf8)
        guard bytes.count > scheme.count else { return nil }
        for index in 0..<scheme.count where Self.lowercased(bytes[index]) != scheme[index] { return nil }
        for byte in bytes where byte <= 0x20 || byte >= 0x7F { return nil }

        // Authority: up to the first "/", "?" or "#".
        let authorityStart = scheme.count
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, !Self.endsAuthority(bytes[authorityEnd]) { authorityEnd += 1 }
        let authority = bytes[authorityStart..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return nil }

        let hostBytes: ArraySlice<UInt8>
        let portBytes: ArraySlice<UInt8>?
        let isIPv6: Bool
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostBytes = authority[(authority.startIndex + 1)..<close]
            guard hostBytes.contains(UInt8(ascii: ":")), hostBytes.allSatisfy(Self.isIPv6Byte) else { return nil }
            let rest = authority[(close + 1)...]
            if rest.isEmpty {
                portBytes = nil
            } else {
                guard rest.first == UInt8(ascii: ":") else { return nil }
                portBytes = rest.dropFirst()
            }
            isIPv6 = true
        } else {
            if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
                hostBytes = authority[..<colon]
                portBytes = authority[(colon + 1)...]
            } else {
                hostBytes = authority
                portBytes = nil
            }
            guard hostBytes.allSatisfy(Self.isHostNameByte) else { return nil }
            isIPv6 = false
        }
        guard !hostBytes.isEmpty else { return nil }

        var port = 80
        if let portBytes {
            guard !portBytes.isEmpty, portBytes.count <= 5 else { return nil }
            port = 0
            for byte in portBytes {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                port = port * 10 + Int(byte - UInt8(ascii: "0"))
            }
            guard (1...65535).contains(port) else { return nil }
        }

        // Path and query, without any fragment.
        var targetEnd = authorityEnd
        while targetEnd < bytes.count, bytes[targetEnd] != UInt8(ascii: "#") { targetEnd += 1 }
        let pathAndQuery = bytes[authorityEnd..<targetEnd]
        let requestTarget: String
        if pathAndQuery.isEmpty {
            requestTarget = "/"
        } else if pathAndQuery.first == UInt8(ascii: "?") {
            requestTarget = "/" + String(decoding: pathAndQuery, as: UTF8.self)
        } else {
            requestTarget = String(decoding: pathAndQuery, as: UTF8.self)
        }

        let host = String(decoding: hostBytes.lazy.map(Self.lowercased), as: UTF8.self)
        let bracketed = isIPv6 ? "[\(host)]" : host
        self.host = host
        self.port = port
        self.requestTarget = requestTarget
        self.hostHeader = port == 80 ? bracketed : "\(bracketed):\(port)"
    }

    private static func endsAuthority(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Letters, digits, `-`, `.` and `_` (covers host names and IPv4 addresses).
    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
    }

    /// Hex digits, `:` and `.` (an embedded IPv4 address); no zone identifier.
    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        let lower = lowercased(byte)
        return (lower >= UInt8(ascii: "0") && lower <= UInt8(ascii: "9"))
            || (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f"))
            || lower == UInt8(ascii: ":") || lower == UInt8(ascii: ".")
    }
}
