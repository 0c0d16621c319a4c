import Foundation
import Logging
import ServiceLifecycle
import SkillHubCore

/// The skill-service side of the registry: registers a manifest, heartbeats
/// on the interval the registry asks for, registers again when the registry
/// has forgotten the skill or an endpoint, and on graceful shutdown removes
/// its ephemeral endpoints.
public final class SkillAgent: Service, Sendable {
    /// What the agent learned from its last registration.
    public struct Registration: Sendable, Equatable {
        public var skillID: String
        /// URL → endpoint id.
        public var endpoints: [String: String]
        public var interval: Duration
    }

    let client: RegistryClient
    let manifest: SkillManifest
    let logger: Logger
    /// Interval to use when the registry does not say (and the retry delay after a failure).
    let fallbackInterval: Duration

    public init(client: RegistryClient, manifest: SkillManifest, fallbackInterval: Duration = .seconds(30), logger: Logger = Logger(label: "skillhub.agent")) {
        self.client = client
        self.manifest = manifest
        self.fallbackInterval = fallbackInterval
        self.logger = logger
    }

    /// Registers (or re-registers) the manifest.
    public func register() async throws -> Registration {
        let reply = try await client.send(.POST, "/api/v1/skills/register", body: .object(manifest.body))
        guard let data = reply["data"], let skillID = data["skill_id"]?.stringValue else {
            throw RegistryClient.Failure(status: 200, code: nil, message: "the registration reply has no skill_id")
        }
        var endpoints: [String: String] = [:]
        for endpoint in data["endpoints"]?.arrayValue ?? [] {
            if let url = endpoint["url"]?.stringValue, let id = endpoint["endpoint_id"]?.stringValue { endpoints[url] = id }
        }
        let interval = data["heartbeat_interval"]?.doubleValue.flatMap { $0 > 0 ? Duration.milliseconds(Int($0 * 1000)) : nil } ?? fallbackInterval
        logger.info("registered", metadata: ["skill": "\(manifest.name)@\(manifest.version)", "skill_id": "\(skillID)", "endpoints": "\(endpoints.count)"])
        return Registration(skillID: skillID, endpoints: endpoints, interval: interval)
    }

    /// One heartbeat for every endpoint of the skill; registers again when the
    /// registry no longer knows the skill or lost one of the manifest's endpoints.
    public func heartbeat(_ registration: Registration) async throws -> Registration {
        do {
            let reply = try await client.send(.POST, "/api/v1/skills/\(registration.skillID)/heartbeat")
            let beating = Set((reply["data"]?["endpoints"]?.arrayValue ?? []).compactMap { $0["endpoint_id"]?.stringValue })
            let expected = Set(registration.endpoints.values)
            guard expected.isSubset(of: beating) else {
                logger.warning("the registry lost endpoints of this skill; registering again", metadata: ["missing": "\(expected.subtracting(beating).count)"])
                return try await register()
            }
            return registration
        } catch let failure as RegistryClient.Failure where failure.status == 404 {
            logger.warning("the registry forgot this skill; registering again", metadata: ["skill_id": "\(registration.skillID)"])
            return try await register()
        }
    }

    /// Removes the manifest's ephemeral endpoints (on shutdown), so calls stop going to them at once.
    public func deregister(_ registration: Registration) async {
        for url in manifest.ephemeralURLs {
            guard let endpointID = registration.endpoints[url] else { continue }
            do {
                try await client.send(.DELETE, "/api/v1/skills/\(registration.skillID)/endpoints/\(endpointID)")
                logger.info("deregistered endpoint", metadata: ["url": "\(url)"])
            } catch let failure as RegistryClient.Failure where failure.status == 404 {
                continue
            } catch {
                logger.warning("could not deregister an endpoint", metadata: ["url": "\(url)", "error": "\(error)"])
            }
        }
    }

    /// Registers, then heartbeats until graceful shutdown, then deregisters.
    public func run() async throws {
        let last = try? await cancelWhenGracefulShutdown { () async -> Registration? in
            var registration: Registration?
            while !Task.isCancelled {
                do {
                    if let current = registration {
                        registration = try await self.heartbeat(current)
                    } else {
                        registration = try await self.register()
                    }
                } catch {
                    if Task.isCancelled { break }
                    self.logger.warning("registry call failed; retrying", metadata: ["error": "\(error)"])
                }
                do {
                    try await Task.sleep(for: registration?.interval ?? self.fallbackInterval)
                } catch {
                    break
                }
            }
            return registration
        }
        if let last { await deregister(last) }
    }
}
