import Logging
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

extension SkillHubApplication {
    /// The active health checks of the endpoints that opted in, and the registration of `WORKERS` when set.
    static func activeCheckServices(configuration: SkillHubConfiguration, dependencies: SkillHubDependencies, logger: Logger) -> [any Service] {
        let probe = ActiveHealthProbe(http: dependencies.outboundHTTP)
        var services: [any Service] = []
        if let workers = configuration.routing.workers {
            services.append(
                StaticWorkerRegistration(workers: workers, strategy: configuration.routing.defaultStrategy, registry: dependencies.registry, logger: logger)
            )
        }
        services.append(
            dependencies.registry.activeHealthChecker(
                targets: ActiveCheckTargets(database: dependencies.database, logger: logger),
                probe: { url, check in await probe.probe(url, check) },
                logger: logger
            )
        )
        return services
    }
}
