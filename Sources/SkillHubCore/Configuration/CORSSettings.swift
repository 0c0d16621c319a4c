/// Cross-origin resource sharing for browsers on other origins: `ALLOWED_ORIGINS` (the dialogue
/// backend's name) or `CORS_ALLOW_ORIGINS`, with `CORS_ALLOW_METHODS`, `CORS_ALLOW_HEADERS` and
/// `CORS_ALLOW_CREDENTIALS` (the Ooder guide's names). Off unless an origin is configured.
public struct CORSSettings: Sendable, Equatable {
    /// Which origins may call.
    public enum Origins: Sendable, Equatable {
        /// Any origin (`*`).
        case any
        /// These origins only, each `scheme://host[:port]` in lowercase.
        case list([String])
    }

    /// Which origins may call.
    public var origins: Origins
    /// The methods a preflight allows, in capitals; `["*"]` allows whichever is asked.
    public var methods: [String]
    /// The request headers a preflight allows; `["*"]` allows whichever are asked.
    public var headers: [String]
    /// Whether browsers may send cookies and credentials (`Access-Control-Allow-Credentials: true`);
    /// with ``Origins/any`` the caller's origin is echoed, never `*`.
    public var allowCredentials: Bool
    /// How long browsers may cache a preflight answer, in seconds.
    public var maxAgeSeconds: Int

    public static let defaultMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    public static let defaultHeaders = ["Authorization", "Content-Type", "X-API-Key", "X-Request-Id"]

    public init(
        origins: Origins,
        methods: [String] = CORSSettings.defaultMethods,
        headers: [String] = CORSSettings.defaultHeaders,
        allowCredentials: Bool = false,
        maxAgeSeconds: Int = 600
    ) {
        self.origins = origins
        self.methods = methods
        self.headers = headers
        self.allowCredentials = allowCredentials
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Whether a request from `origin` (its `Origin` header) is allowed.
    public func allows(origin: String) -> Bool {
        switch origins {
        case .any: return origin != "null"
        case .list(let allowed): return allowed.contains(origin.lowercased())
        }
    }
}
