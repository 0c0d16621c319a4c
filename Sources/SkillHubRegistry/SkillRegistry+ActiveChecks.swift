import Logging
import SkillHubStorage

extension SkillRegistry {
    /// The active health checks of this registry's endpoints, probing with `probe` while this instance
    /// holds the health sweeper's lease.
    public func activeHealthChecker(targets: ActiveCheckTargets, probe: @escaping ActiveHealthChecker.Probe, logger: Logger) -> ActiveHealthChecker {
        ActiveHealthChecker(
            targets: targets, store: store, cache: cache, endpoints: endpoints, feed: feed,
            isLeader: { [sweeper] in sweeper.holdsLease }, probe: probe, logger: logger
        )
    }
}
