extension SkillHubConfiguration {
    /// The summary lines of the routing default, the static workers and `/health`'s style.
    var routingSummary: [(name: String, value: String)] {
        var lines: [(name: String, value: String)] = [
            ("LOAD_BALANCE_STRATEGY", routing.defaultStrategy.rawValue),
            ("HEALTH_RESPONSE_STYLE", healthResponseStyle.rawValue),
        ]
        guard let workers = routing.workers else {
            lines.append(("WORKERS", "(not set)"))
            return lines
        }
        let check = workers.healthCheck
        lines += [
            ("WORKERS", workers.urls.joined(separator: ",")),
            ("WORKERS_SKILL", "\(workers.skill) \(workers.version), capabilities \(workers.capabilities.joined(separator: ","))"),
            ("WORKER_TIMEOUT_MS", String(workers.callTimeoutMilliseconds)),
            ("HEALTH_CHECK_INTERVAL_MS", String(ActiveHealthCheck.milliseconds(check.interval))),
            ("HEALTH_CHECK_TIMEOUT_MS", String(ActiveHealthCheck.milliseconds(check.timeout))),
            ("HEALTH_CHECK_PATH", check.path),
            ("HEALTH_CHECK_THRESHOLDS", "healthy after \(check.healthyThreshold) passes, unhealthy after \(check.unhealthyThreshold) failures"),
        ]
        return lines
    }
}
