import ArgumentParser
import Hummingbird
import Logging
import Metrics
import Prometheus
import SkillHubCore
import SkillHubServer
import SkillHubStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server until SIGTERM or SIGINT, then drain and close the pools."
    )

    @Flag(help: "Apply pending migrations before serving.")
    var migrate = false

    func run() async throws {
        let configuration = try CommandEnvironment.loadConfiguration()
        let logger = CommandEnvironment.bootstrapLogging(configuration)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        for warning in configuration.warnings {
            logger.warning("\(warning)")
        }
        logger.info(
            "starting SkillHub",
            metadata: Dictionary(uniqueKeysWithValues: configuration.maskedSummary.map { ($0.name, Logger.MetadataValue.string($0.value)) })
        )
        if migrate {
            try await applyMigrations(configuration, logger: logger)
        }
        let dependencies = SkillHubDependencies(configuration: configuration, logger: logger, metricsRegistry: registry)
        do {
            let app = try await SkillHubApplication.make(configuration: configuration, dependencies: dependencies, logger: logger)
            try await app.runService()
        } catch let failure as JWTKeyLoadingError {
            throw CommandEnvironment.fail(failure.description)
        }
    }
}
