extension RateLimitSettings {
    /// Reads `RATE_LIMIT_ENABLED`, `RATE_LIMIT_<GROUP>_PER_MINUTE` and `RATE_LIMIT_<GROUP>_BURST` for
    /// each ``RateLimitGroup`` (0 per minute turns a group off), `RATE_LIMIT_AUTH_FAILURES` (0 turns
    /// it off), `RATE_LIMIT_AUTH_FAILURES_WINDOW` and `RATE_LIMIT_TRUSTED_PROXIES`.
    static func read(_ reader: inout EnvironmentReader) -> RateLimitSettings {
        let enabled = reader.boolean("RATE_LIMIT_ENABLED", default: true)
        var rules: [RateLimitGroup: RateLimitRule] = [:]
        for group in RateLimitGroup.allCases {
            // The names spelled out, so that scripts/deploy-check.sh finds each in .env.example.
            let (perMinute, burst): (Int, Int)
            switch group {
            case .token:
                perMinute = reader.integer("RATE_LIMIT_TOKEN_PER_MINUTE", default: defaultTokenRule.limit, in: 0...1_000_000)
                burst = reader.integer("RATE_LIMIT_TOKEN_BURST", default: perMinute, in: 0...1_000_000)
            case .dispatch:
                perMinute = reader.integer("RATE_LIMIT_DISPATCH_PER_MINUTE", default: 0, in: 0...1_000_000)
                burst = reader.integer("RATE_LIMIT_DISPATCH_BURST", default: perMinute, in: 0...1_000_000)
            case .registryWrites:
                perMinute = reader.integer("RATE_LIMIT_REGISTRY_WRITES_PER_MINUTE", default: 0, in: 0...1_000_000)
                burst = reader.integer("RATE_LIMIT_REGISTRY_WRITES_BURST", default: perMinute, in: 0...1_000_000)
            }
            guard perMinute > 0 else { continue }
            if burst < 1 {
                reader.report("RATE_LIMIT_\(group.variableStem)_BURST", "is 0 while RATE_LIMIT_\(group.variableStem)_PER_MINUTE is \(perMinute); expected at least 1 (or leave it unset: the per-minute figure)")
            }
            rules[group] = RateLimitRule(limit: perMinute, windowSeconds: 60, burst: max(1, burst))
        }
        let failures = reader.integer("RATE_LIMIT_AUTH_FAILURES", default: defaultAuthFailures, in: 0...1_000_000)
        let window = reader.integer("RATE_LIMIT_AUTH_FAILURES_WINDOW", default: defaultAuthFailureWindowSeconds, in: 1...86_400)
        var proxies: Set<String> = []
        for entry in reader.string("RATE_LIMIT_TRUSTED_PROXIES", default: "").split(separator: ",") {
            let address = entry.trimmingWhitespace()
            guard !address.isEmpty else { continue }
            guard IPAddressText.isValid(address) else {
                reader.report("RATE_LIMIT_TRUSTED_PROXIES", "'\(address)' is not an IP address; expected a comma-separated list of the proxies' exact IPv4 or IPv6 addresses (no ranges)")
                continue
            }
            proxies.insert(IPAddressText.normalized(address))
        }
        return RateLimitSettings(
            enabled: enabled,
            rules: rules,
            authFailures: failures > 0 ? RateLimitRule(limit: failures, windowSeconds: window) : nil,
            trustedProxies: proxies
        )
    }
}
