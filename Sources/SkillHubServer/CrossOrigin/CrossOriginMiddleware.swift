import HTTPTypes
import Hummingbird
import SkillHubCore

/// CORS (``CORSSettings``): answers preflights itself — `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`, 204 with the `Access-Control-Allow-*` headers, before any
/// authentication — and adds `Access-Control-Allow-Origin` to the answers to allowed origins.
///
/// Hummingbird's `CORSMiddleware` is not used: with credentials it would send `*` (which browsers
/// refuse with credentials), and it cannot echo the requested headers for `CORS_ALLOW_HEADERS=*`.
/// Here, with credentials, `*` echoes the caller's origin and a `*` list echoes what the preflight
/// asked for; whenever the answer depends on the origin it carries `Vary: Origin`.
struct CrossOriginMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let settings: CORSSettings
    private let methods: String
    private let headers: String
    private let maxAge: String

    /// The headers browsers may read from an answer besides the safelisted ones.
    static let exposedHeaders = "X-Request-Id, Retry-After"

    init(settings: CORSSettings) {
        self.settings = settings
        self.methods = settings.methods.joined(separator: ", ")
        self.headers = settings.headers.joined(separator: ", ")
        self.maxAge = String(settings.maxAgeSeconds)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = settings.allows(origin: origin)
        if request.method == .options, let requestedMethod = request.headers[.accessControlRequestMethod] {
            return preflight(origin: allowed ? origin : nil, requestedMethod: requestedMethod, requestedHeaders: request.headers[.accessControlRequestHeaders])
        }
        var response = try await next(request, context)
        if allowed {
            addOriginHeaders(to: &response.headers, origin: origin)
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        } else if varies {
            response.headers[values: .vary].append("Origin")
        }
        return response
    }

    /// Whether the answer depends on the caller's origin.
    private var varies: Bool {
        settings.allowCredentials || settings.origins != .any
    }

    /// 204 with the allowed methods and headers; without `Access-Control-Allow-Origin` for an origin
    /// not allowed (the browser then refuses the call).
    private func preflight(origin: String?, requestedMethod: String, requestedHeaders: String?) -> Response {
        var fields = HTTPFields()
        if let origin {
            addOriginHeaders(to: &fields, origin: origin)
            fields[.accessControlAllowMethods] = settings.methods == ["*"] ? (settings.allowCredentials ? requestedMethod : "*") : methods
            if settings.headers == ["*"] {
                // `*` does not cover Authorization, nor anything when credentials are allowed: echo the request's list.
                if let requestedHeaders, !requestedHeaders.isEmpty { fields[.accessControlAllowHeaders] = requestedHeaders }
            } else {
                fields[.accessControlAllowHeaders] = headers
            }
            fields[.accessControlMaxAge] = maxAge
        } else if varies {
            fields[values: .vary].append("Origin")
        }
        return Response(status: .noContent, headers: fields)
    }

    private func addOriginHeaders(to fields: inout HTTPFields, origin: String) {
        if settings.origins == .any && !settings.allowCredentials {
            fields[.accessControlAllowOrigin] = "*"
            return
        }
        fields[.accessControlAllowOrigin] = origin
        if settings.allowCredentials { fields[.accessControlAllowCredentials] = "true" }
        fields[values: .vary].append("Origin")
    }
}
