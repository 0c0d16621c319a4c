/// How an endpoint is reached: remote services over HTTP or WebSocket,
/// plugins in process (`plugin://NAME`) or in an isolated process (`unix:///path`).
public enum EndpointProtocol: String, Sendable, Codable, CaseIterable {
    case http
    case https
    case ws
    case wss
    case plugin
    case unix

    /// Whether the plugin host, not heartbeats, keeps the endpoint alive.
    public var isHostManaged: Bool { self == .plugin }

    /// Checks that `url` is well formed for this protocol: its scheme is the
    /// protocol, network schemes have a host and a valid port, `plugin://` names
    /// a plugin, `unix://` an absolute socket path.
    public func validate(url: String, field: String = "url") -> FieldError? {
        guard url.utf8.count <= 2048 else { return FieldError(field: field, message: "must be at most 2048 bytes") }
        guard let components = URLComponentsLite(url) else {
            return FieldError(field: field, message: "must be an absolute URL such as \(example)")
        }
        guard components.scheme.lowercased() == rawValue else {
            return FieldError(field: field, message: "scheme '\(components.scheme)' does not match protocol '\(rawValue)'; expected \(example)")
        }
        switch self {
        case .http, .https, .ws, .wss:
            guard !components.host.isEmpty else { return FieldError(field: field, message: "must name a host, as in \(example)") }
            if let port = components.port, !(1...65535).contains(port) {
                return FieldError(field: field, message: "port must be from 1 to 65535")
            }
        case .plugin:
            guard IdentifierSyntax.isIdentifier(components.host, maxLength: 64, extra: "_.-"), components.path.isEmpty || components.path == "/" else {
                return FieldError(field: field, message: "must be plugin://NAME with a plugin name of letters, digits, '_', '.', '-'")
            }
        case .unix:
            guard components.host.isEmpty, components.path.hasPrefix("/"), components.path.count > 1 else {
                return FieldError(field: field, message: "must be unix:///absolute/path/to/socket")
            }
        }
        return nil
    }

    /// The host `url` names when this protocol reaches a network service (`http`, `https`, `ws`, `wss`);
    /// nil for the host-managed protocols and for a URL that does not parse.
    public func networkHost(of url: String) -> String? {
        switch self {
        case .http, .https, .ws, .wss: URLComponentsLite(url).map(\.host)
        case .plugin, .unix: nil
        }
    }

    private var example: String {
        switch self {
        case .http: "http://host:8001"
        case .https: "https://host"
        case .ws: "ws://host:8001/stream"
        case .wss: "wss://host/stream"
        case .plugin: "plugin://ocr"
        case .unix: "unix:///run/skillhub/ocr.sock"
        }
    }
}

/// The parts of an absolute URL that endpoint validation needs, parsed strictly
/// (Foundation's `URLComponents` accepts too much: spaces, empty hosts, `http:foo`).
struct URLComponentsLite {
    var scheme: String
    var host: String
    var port: Int?
    var path: String

    init?(_ text: String) {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        scheme = String(text[..<schemeEnd.lowerBound])
        guard let first = scheme.unicodeScalars.first, first.properties.isAlphabetic,
            scheme.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
        else { return nil }
        let rest = text[schemeEnd.upperBound...]
        guard !rest.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x21 || $0.value == 0x7F }) else { return nil }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        path = String(rest[authorityEnd...].prefix { $0 != "?" && $0 != "#" })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[...close])
            let afterHost = authority[authority.index(after: close)...]
            if afterHost.isEmpty {
                port = nil
            } else {
                guard afterHost.hasPrefix(":"), let value = Int(afterHost.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let value = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = value
        } else {
            host = String(authority)
            port = nil
        }
    }
}
