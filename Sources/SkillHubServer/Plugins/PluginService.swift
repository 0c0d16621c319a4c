import Foundation
import ServiceLifecycle
import SkillHubCore
import SkillHubPluginHost
import SkillHubRegistry
import SkillHubStorage

/// Starts the plugins, registers each running one in the registry as a
/// public skill with a `plugin://NAME` endpoint (its capabilities included),
/// runs their periodic work every second, and shuts them down once the
/// calls in flight have ended.
struct PluginService: Service {
    let plugins: PluginManager
    let registry: SkillRegistry
    let services: SkillHubPluginServices

    /// The actor recorded in the audit trail for plugin registrations.
    static let actor = Principal(accountID: nil, userID: "plugin-host", role: .root)

    func run() async throws {
        await plugins.loadAll(services: services, announcing: Self.announcer(registry))
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: .seconds(1))) != nil else { break }
                plugins.tick()
            }
        }
        await plugins.shutdownAll()
    }

    /// Registers a started plugin (also after a reload, its new version) and
    /// makes the entries of its other versions inactive, so that calls by
    /// name resolve to the version running, also after a reload to an older one.
    static func announcer(_ registry: SkillRegistry) -> @Sendable (any RunningPlugin) async throws -> Void {
        { plugin in
            let (running, _) = try await registry.register(Self.draft(for: plugin.descriptor), by: Self.actor)
            let versions = try await registry.skills.skills(SkillQuery(name: running.name, limit: 100), access: .everything).items
            var retired = SkillPatch()
            retired.status = .inactive
            for other in versions where other.skillID != running.skillID && other.accountID == nil && other.metadata["plugin"] == true && other.status == .active {
                _ = try await registry.update(other.skillID, with: retired, by: Self.actor)
            }
        }
    }

    /// The registry entry of a plugin.
    static func draft(for descriptor: PluginDescriptor) -> SkillDraft {
        SkillDraft(
            name: descriptor.name,
            description: descriptor.description ?? "",
            version: descriptor.version,
            visibility: .public,
            metadata: ["plugin": true],
            endpoints: [EndpointDraft(url: "plugin://\(descriptor.name)", protocol: .plugin, weight: 100, ephemeral: false)],
            capabilities: descriptor.capabilities.map { capability in
                CapabilityDraft(
                    name: capability.name,
                    description: capability.description ?? "",
                    category: capability.category ?? "general",
                    version: descriptor.version,
                    parameters: capability.parameters ?? ["type": "object"],
                    streaming: capability.streaming ?? false,
                    idempotent: capability.idempotent ?? true
                )
            }
        )
    }
}
