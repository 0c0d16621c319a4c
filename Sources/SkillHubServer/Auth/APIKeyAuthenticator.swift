import SkillHubCore
import SkillHubStorage

/// Resolves an API key to its owner: the root key (compared in constant time)
/// or a user's key, looked up by hash through the ``APIKeyCache``. A revoked
/// or expired key fails at once on the instance that revoked it, and on the
/// others as soon as they hear of it.
struct APIKeyAuthenticator: Sendable {
    let rootKeyHash: [UInt8]?
    let tenancy: TenancyRepository
    let cache: APIKeyCache

    init(rootAPIKey: String?, tenancy: TenancyRepository, cache: APIKeyCache) {
        self.rootKeyHash = rootAPIKey.map(APIKeyMaterial.hash)
        self.tenancy = tenancy
        self.cache = cache
    }

    func authenticate(_ key: String) async throws -> Principal {
        let hash = APIKeyMaterial.hash(key)
        if let rootKeyHash, ConstantTime.equals(hash, rootKeyHash) {
            return .root
        }
        guard let holder = try await cache.holder(ofKeyHash: hash, lookUp: { try await tenancy.holder(ofAPIKeyHash: hash) }) else {
            throw SkillHubError(.unauthorized, "invalid API key")
        }
        return holder.principal
    }
}
