import Foundation
import Logging
import ServiceLifecycle
import SkillHubCore

/// The skill-service side of the registry: registers a manifest, heartbeats
/// its own endpoints (not those other instances registered) on the interval
/// the registry asks for, registers again when the registry has forgotten the
/// skill or an endpoint, and on graceful shutdown removes its ephemeral
/// endpoints. A refusal that retrying cannot fix (a bad manifest or key, a
/// name held by another account) stops it with ``RegistryClient/Failure``.
public final class SkillAgent: Service, Sendable {
    /// What the agent learned from its last registration.
    public struct Registration: Sendable, Equatable {
        public var skillID: String
        /// URL → endpoint id, for the manifest's endpoints.
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
        let own = Set(manifest.endpointURLs)
        for endpoint in data["endpoints"]?.arrayValue ?? [] {
            if let url = endpoint["url"]?.stringValue, own.contains(url), let id = endpoint["endpoint_id"]?.stringValue { endpoints[url] = id }
        }
        let interval = data["heartbeat_interval"]?.doubleValue.flatMap { $0 > 0 ? Duration.milliseconds(Int($0 * 1000)) : nil } ?? fallbackInterval
        logger.info("registered", metadata: ["skill": "\(manifest.name)@\(manifest.version)", "skill_id": "\(skillID)", "endpoints": "\(endpoints.count)"])
        return Registration(skillID: skillID, endpoints: endpoints, interval: interval)
    }

    /// One batch heartbeat for the manifest's endpoints; registers again when
    /// the registry no longer knows one of them (or the skill).
    public func heartbeat(_ registration: Registration) async throws -> Registration {
        let beats = registration.endpoints.values.sorted().map { JSONValue.object(["endpoint_id": .string($0)]) }
        guard !beats.isEmpty else { return registration }
        let reply = try await client.send(.POST, "/api/v1/heartbeats", body: ["heartbeats": .array(beats)])
        let rejected = reply["data"]?["rejected"]?.arrayValue ?? []
        guard rejected.isEmpty else {
            logger.warning("the registry lost endpoints of this skill; registering again", metadata: ["missing": "\(rejected.count)"])
            return try await register()
        }
        var current = registration
        if let seconds = reply["data"]?["next_heartbeat_in"]?.doubleValue, seconds > 0 {
            current.interval = .milliseconds(Int(seconds * 1000))
        }
        return current
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
    /// Transient failures (the registry unreachable, 5xx) are retried on the
    /// interval; a permanent refusal ends the agent with that error.
    public func run() async throws {
        let outcome = await cancelWhenGracefulShutdown { () async -> Result<Registration?, RegistryClient.Failure> in
            var registration: Registration?
            while !Task.isCancelled {
                do {
                    if let current = registration {
                        registration = try await self.heartbeat(current)
                    } else {
                        registration = try await self.register()
                    }
                } catch let failure as RegistryClient.Failure where failure.isPermanent {
                    self.logger.error("the registry refused this skill; stopping", metadata: ["error": "\(failure)"])
                    return .failure(failure)
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
            return .success(registration)
        }
        if let registration = try outcome.get() { await deregister(registration) }
    }
}
