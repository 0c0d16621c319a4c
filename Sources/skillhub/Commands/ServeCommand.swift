import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
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

    /// How long `SIGTERM` waits for in-flight requests and the services to finish before cancelling them.
    static let shutdownGracePeriod = Duration.seconds(60)

    func run() async throws {
        let configuration = try CommandEnvironment.loadConfiguration()
        let logger = try CommandEnvironment.bootstrapLogging(configuration)
        defer { CommandEnvironment.flushLogs() }
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
        var tls: ServerTLSContext?
        if let settings = configuration.tls {
            do {
                tls = try ServerTLSContext(settings: settings)
            } catch {
                FileHandle.standardError.write(Data("configuration error: \(error.description)\n".utf8))
                throw ExitCode(CommandEnvironment.configurationExitCode)
            }
        }
        let dependencies = SkillHubDependencies(configuration: configuration, logger: logger, metricsRegistry: registry)
        do {
            let app = try await SkillHubApplication.make(configuration: configuration, dependencies: dependencies, tls: tls, logger: logger)
            // A drain that cannot finish (say PostgreSQL and Redis vanished while it ran) must not keep
            // the process alive: after the grace period the services are cancelled, and the process
            // ends even if one of them ignores it.
            var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = Self.shutdownGracePeriod
            group.maximumCancellationDuration = .seconds(5)
            try await ServiceGroup(configuration: group).run()
        } catch let failure as JWTKeyLoadingError {
            throw CommandEnvironment.fail(failure.description)
        }
    }
}
