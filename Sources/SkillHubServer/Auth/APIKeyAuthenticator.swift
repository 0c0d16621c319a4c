import SkillHubCore
import SkillHubStorage

/// Resolves an API key to its owner: the root key (compared in constant time)
/// or a user's key (looked up by hash; revoked or expired keys fail at once).
struct APIKeyAuthenticator: Sendable {
    let rootKeyHash: [UInt8]?
    let tenancy: TenancyRepository

    init(rootAPIKey: String?, tenancy: TenancyRepository) {
        self.rootKeyHash = rootAPIKey.map(APIKeyMaterial.hash)
        self.tenancy = tenancy
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
