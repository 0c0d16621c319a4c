/// An active health check of an endpoint (Envoy's and nginx's active checks): every ``interval`` the
/// sweeper's lease holder sends `GET` ``path`` to the endpoint; an answer 2xx within ``timeout``
/// passes, anything else fails. ``unhealthyThreshold`` consecutive failures take a healthy endpoint
/// out of routing; ``healthyThreshold`` consecutive passes bring an unhealthy one back.
public struct ActiveHealthCheck: Sendable, Equatable, Codable {
    /// The path probed, starting with `/` (`/health` by default).
    public var path: String
    /// Time between probes of one endpoint.
    public var interval: Duration
    /// How long a probe may take before it counts as failed.
    public var timeout: Duration
    /// Consecutive passes that make an unhealthy endpoint healthy.
    public var healthyThreshold: Int
    /// Consecutive failures that make a healthy endpoint unhealthy.
    public var unhealthyThreshold: Int

    /// The allowed ``interval``, in milliseconds.
    public static let intervalRange = 100...3_600_000
    /// The allowed ``timeout``, in milliseconds (and never above the interval).
    public static let timeoutRange = 50...600_000
    /// The allowed ``healthyThreshold`` and ``unhealthyThreshold``.
    public static let thresholdRange = 1...100

    /// A check; the defaults are nginx's and Envoy's usual ones: `/health` every 10 s, 2 s to answer,
    /// 2 passes to come back, 3 failures to leave.
    public init(
        path: String = "/health", interval: Duration = .seconds(10), timeout: Duration = .seconds(2),
        healthyThreshold: Int = 2, unhealthyThreshold: Int = 3
    ) {
        self.path = path
        self.interval = interval
        self.timeout = timeout
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
    }

    /// The problems of this check, each with the field it concerns (`path`, `interval_ms`, …).
    public func problems() -> [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        if !path.hasPrefix("/") || path.count > 1024 || path.contains(where: { $0.isWhitespace || $0 == "#" }) {
            problems.append(("path", "must be a path starting with / (at most 1024 characters, no spaces or #)"))
        }
        let intervalMS = Self.milliseconds(interval)
        let timeoutMS = Self.milliseconds(timeout)
        if !Self.intervalRange.contains(intervalMS) {
            problems.append(("interval_ms", "must be from \(Self.intervalRange.lowerBound) to \(Self.intervalRange.upperBound)"))
        }
        if !Self.timeoutRange.contains(timeoutMS) {
            problems.append(("timeout_ms", "must be from \(Self.timeoutRange.lowerBound) to \(Self.timeoutRange.upperBound)"))
        } else if timeoutMS > intervalMS, Self.intervalRange.contains(intervalMS) {
            problems.append(("timeout_ms", "must not exceed interval_ms (\(intervalMS))"))
        }
        if !Self.thresholdRange.contains(healthyThreshold) {
            problems.append(("healthy_threshold", "must be from 1 to 100"))
        }
        if !Self.thresholdRange.contains(unhealthyThreshold) {
            problems.append(("unhealthy_threshold", "must be from 1 to 100"))
        }
        return problems
    }

    enum CodingKeys: String, CodingKey {
        case path
        case intervalMilliseconds = "interval_ms"
        case timeoutMilliseconds = "timeout_ms"
        case healthyThreshold = "healthy_threshold"
        case unhealthyThreshold = "unhealthy_threshold"
    }

    /// Decodes `{path, interval_ms, timeout_ms, healthy_threshold, unhealthy_threshold}`, each optional
    /// (the defaults of ``init(path:interval:timeout:healthyThreshold:unhealthyThreshold:)``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ActiveHealthCheck()
        path = try container.decodeIfPresent(String.self, forKey: .path) ?? defaults.path
        interval = try container.decodeIfPresent(Int.self, forKey: .intervalMilliseconds).map { .milliseconds($0) } ?? defaults.interval
        timeout = try container.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds).map { .milliseconds($0) } ?? defaults.timeout
        healthyThreshold = try container.decodeIfPresent(Int.self, forKey: .healthyThreshold) ?? defaults.healthyThreshold
        unhealthyThreshold = try container.decodeIfPresent(Int.self, forKey: .unhealthyThreshold) ?? defaults.unhealthyThreshold
    }

    /// Encodes the JSON shape ``init(from:)`` reads, every field present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(Self.milliseconds(interval), forKey: .intervalMilliseconds)
        try container.encode(Self.milliseconds(timeout), forKey: .timeoutMilliseconds)
        try container.encode(healthyThreshold, forKey: .healthyThreshold)
        try container.encode(unhealthyThreshold, forKey: .unhealthyThreshold)
    }

    /// The check as stored in an endpoint's metadata (`health_check`): the shape it is decoded from.
    public var jsonValue: JSONValue {
        [
            "path": .string(path), "interval_ms": .number(Double(Self.milliseconds(interval))),
            "timeout_ms": .number(Double(Self.milliseconds(timeout))), "healthy_threshold": .number(Double(healthyThreshold)),
            "unhealthy_threshold": .number(Double(unhealthyThreshold)),
        ]
    }

    /// Whole milliseconds of `duration`.
    public static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
