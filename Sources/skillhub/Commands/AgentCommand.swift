import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkillHubAgent
import SkillHubCore

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Register a remote skill from a manifest and keep it alive with heartbeats.",
        discussion: """
            The manifest (YAML or JSON) is the body of POST /api/v1/skills/register: name, version,
            description, endpoints, capabilities. The agent heartbeats on the interval the registry
            returns, registers again if the registry forgot the skill, and on SIGTERM or SIGINT
            removes its ephemeral endpoints before exiting.
            """
    )

    @Option(help: "The registry's base URL, e.g. http://127.0.0.1:8000; AI_BRIDGE_REGISTRY_URL when omitted (its register route, as the Ooder guide writes it, is accepted).")
    var registry: String?

    @Option(name: .customLong("api-key"), help: "An API key of a service (or admin) user; SKILLHUB_API_KEY when omitted.")
    var apiKey: String?

    @Option(help: "The skill manifest, YAML or JSON.")
    var manifest: String

    func run() async throws {
        let baseURL: String
        do {
            baseURL = try RegistryLocation.resolve(option: registry, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandEnvironment.fail(error.description)
        }
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["SKILLHUB_API_KEY"], !key.isEmpty else {
            throw CommandEnvironment.fail("an API key is required: --api-key or SKILLHUB_API_KEY")
        }
        let skill: SkillManifest
        do {
            skill = try SkillManifest(contentsOf: manifest)
        } catch {
            throw CommandEnvironment.fail("\(error)")
        }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "skillhub.agent")
        let agent = SkillAgent(client: RegistryClient(baseURL: baseURL, apiKey: key), manifest: skill, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: agent)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}
