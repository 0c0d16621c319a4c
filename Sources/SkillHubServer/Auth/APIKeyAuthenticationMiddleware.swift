import HTTPTypes
import Hummingbird
import SkillHubCore
import SkillHubStorage

/// Authenticates `X-API-Key`: the root key (compared in constant time) or a
/// user's key (looked up by its hash; revoked or expired keys fail at once).
struct APIKeyAuthenticationMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    static let header = HTTPField.Name("X-API-Key")!

    let rootKeyHash: [UInt8]?
    let tenancy: TenancyRepository

    init(rootAPIKey: String?, tenancy: TenancyRepository) {
        self.rootKeyHash = rootAPIKey.map(APIKeyMaterial.hash)
        self.tenancy = tenancy
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = request.headers[Self.header], !key.isEmpty else {
            throw SkillHubError(.unauthorized, "missing API key: send it in the X-API-Key header")
        }
        var context = context
        context.principal = try await authenticate(key)
        return try await next(request, context)
    }

    func authenticate(_ key: String) async throws -> Principal {
        if let rootKeyHash, ConstantTime.equals(APIKeyMaterial.hash(key), rootKeyHash) {
            return .root
        }
        guard let principal = try await tenancy.principal(forAPIKey: key) else {
            throw SkillHubError(.unauthorized, "invalid API key")
        }
        return principal
    }
}

extension SkillHubRequestContext {
    /// The authenticated caller; a route behind authentication always has one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw SkillHubError(.unauthorized, "authentication required") }
        return principal
    }
}
