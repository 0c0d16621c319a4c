import SkillHubPluginHost
import SkillHubRedis

/// The key-value host services: entries in Redis under
/// `skillhub:plugin-kv:{plugin}:{account or _}:{key}`, so plugins and tenants
/// never see each other's.
struct PluginKeyValueStore: Sendable {
    let redis: RedisConnectionPool
    static let maximumKeyBytes = 512
    static let maximumValueBytes = 1 << 20

    func value(for key: String, in namespace: PluginNamespace) async throws -> [UInt8]? {
        try await guarded { try await redis.get(try Self.redisKey(key, in: namespace)) }
    }

    func setValue(_ value: [UInt8], for key: String, ttl: Duration?, in namespace: PluginNamespace) async throws {
        guard value.count <= Self.maximumValueBytes else {
            throw PluginCallError(status: .invalidInput, message: "a value holds at most \(Self.maximumValueBytes) bytes")
        }
        _ = try await guarded { try await redis.set(try Self.redisKey(key, in: namespace), to: value, expiresAfter: ttl) }
    }

    func removeValue(for key: String, in namespace: PluginNamespace) async throws {
        try await guarded { _ = try await redis.delete([try Self.redisKey(key, in: namespace)]) }
    }

    static func redisKey(_ key: String, in namespace: PluginNamespace) throws -> String {
        guard !key.isEmpty, key.utf8.count <= maximumKeyBytes else {
            throw PluginCallError(status: .invalidInput, message: "a key has 1 to \(maximumKeyBytes) bytes")
        }
        return "skillhub:plugin-kv:\(namespace.plugin):\(namespace.account ?? "_"):\(key)"
    }

    /// Redis failures reach the plugin as "unavailable" (worth retrying).
    private func guarded<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as PluginCallError {
            throw error
        } catch {
            throw PluginCallError(status: .unavailable, message: "the key-value store is unavailable: \(error)")
        }
    }
}
