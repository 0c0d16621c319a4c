import Foundation

extension RoutingSettings {
    /// Reads `LOAD_BALANCE_STRATEGY`, `WORKERS`, `WORKERS_SKILL`, `WORKERS_SKILL_VERSION`, `WORKERS_CAPABILITIES`,
    /// `WORKER_TIMEOUT_MS` (a call's deadline), `HEALTH_CHECK_INTERVAL_MS`, `HEALTH_CHECK_TIMEOUT_MS`, `HEALTH_CHECK_PATH`, `HEALTH_CHECK_HEALTHY_THRESHOLD` and
    /// `HEALTH_CHECK_UNHEALTHY_THRESHOLD`; the worker settings without `WORKERS` are a warning.
    static func read(_ reader: inout EnvironmentReader, warnings: inout [String]) -> RoutingSettings {
        var settings = RoutingSettings()
        if let text = reader.raw("LOAD_BALANCE_STRATEGY") {
            if let strategy = RoutingStrategy(operatorName: text) {
                settings.defaultStrategy = strategy
            } else {
                reader.report("LOAD_BALANCE_STRATEGY", "'\(text)' is not valid; expected one of \(RoutingStrategy.operatorNames.joined(separator: ", "))")
            }
        }
        let defaults = ActiveHealthCheck()
        let interval = reader.integer("HEALTH_CHECK_INTERVAL_MS", default: 10_000, in: ActiveHealthCheck.intervalRange)
        let check = ActiveHealthCheck(
            path: reader.string("HEALTH_CHECK_PATH", default: defaults.path),
            interval: .milliseconds(interval),
            timeout: .milliseconds(reader.integer("HEALTH_CHECK_TIMEOUT_MS", default: min(2_000, interval), in: ActiveHealthCheck.timeoutRange)),
            healthyThreshold: reader.integer("HEALTH_CHECK_HEALTHY_THRESHOLD", default: defaults.healthyThreshold, in: ActiveHealthCheck.thresholdRange),
            unhealthyThreshold: reader.integer("HEALTH_CHECK_UNHEALTHY_THRESHOLD", default: defaults.unhealthyThreshold, in: ActiveHealthCheck.thresholdRange)
        )
        let workerVariables = [
            "WORKERS_SKILL", "WORKERS_SKILL_VERSION", "WORKERS_CAPABILITIES", "HEALTH_CHECK_INTERVAL_MS", "WORKER_TIMEOUT_MS",
            "HEALTH_CHECK_TIMEOUT_MS", "HEALTH_CHECK_PATH", "HEALTH_CHECK_HEALTHY_THRESHOLD", "HEALTH_CHECK_UNHEALTHY_THRESHOLD",
        ]
        guard let list = reader.raw("WORKERS") else {
            let stray = workerVariables.filter { reader.raw($0) != nil }
            if !stray.isEmpty { warnings.append("\(stray.joined(separator: ", ")) ignored: no WORKERS are listed") }
            return settings
        }
        if check.problems().contains(where: { $0.field == "path" }) {
            reader.report("HEALTH_CHECK_PATH", "'\(check.path)' is not valid; expected a path starting with / (no spaces or #)")
        }
        if ActiveHealthCheck.milliseconds(check.timeout) > ActiveHealthCheck.milliseconds(check.interval) {
            reader.report("HEALTH_CHECK_TIMEOUT_MS", "is \(ActiveHealthCheck.milliseconds(check.timeout)) ms; it must not exceed HEALTH_CHECK_INTERVAL_MS (\(interval) ms)")
        }
        var urls: [String] = []
        for entry in list.split(separator: ",").map({ $0.trimmingWhitespace() }).filter({ !$0.isEmpty }) {
            guard let url = Self.workerURL(entry) else {
                reader.report("WORKERS", "'\(entry)' is not valid; expected a comma-separated list of http(s)://host[:port][/path] URLs")
                continue
            }
            if urls.contains(url) {
                reader.report("WORKERS", "lists '\(entry)' twice")
                continue
            }
            urls.append(url)
        }
        if urls.isEmpty, !reader.problems.contains(where: { $0.variable == "WORKERS" }) {
            reader.report("WORKERS", "names no URL; expected a comma-separated list of http(s)://host[:port] URLs")
        }
        let skill = reader.string("WORKERS_SKILL", default: "chat")
        if skill.count > 128 || skill.contains(where: { $0.isWhitespace || $0 == "/" }) {
            reader.report("WORKERS_SKILL", "'\(skill)' is not a skill name; expected 1 to 128 characters without spaces or /")
        }
        let version = reader.string("WORKERS_SKILL_VERSION", default: "2.0.0")
        if SemanticVersion(version) == nil {
            reader.report("WORKERS_SKILL_VERSION", "'\(version)' is not a semantic version (MAJOR.MINOR.PATCH)")
        }
        let callTimeout = reader.integer("WORKER_TIMEOUT_MS", default: 30_000, in: 100...3_600_000)
        let capabilities = reader.string("WORKERS_CAPABILITIES", default: "complete")
            .split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if capabilities.isEmpty {
            reader.report("WORKERS_CAPABILITIES", "names no capability; expected a comma-separated list such as complete")
        }
        settings.workers = StaticWorkers(urls: urls, skill: skill, version: version, capabilities: capabilities, callTimeoutMilliseconds: callTimeout, healthCheck: check)
        return settings
    }

    /// `entry` as a worker URL (no trailing `/`), when it is `http(s)://host[:port][/path]` with no query or credentials.
    static func workerURL(_ entry: String) -> String? {
        guard let components = URLComponents(string: entry), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
            components.query == nil, components.fragment == nil
        else { return nil }
        return entry.hasSuffix("/") ? String(entry.dropLast()) : entry
    }
}
