extension SkillHubConfiguration {
    /// The summary lines of the rate limits and request limits (`skillhub config check`).
    var rateLimitSummary: [(name: String, value: String)] {
        let limits = rateLimits
        var lines: [(name: String, value: String)] = [("RATE_LIMIT_ENABLED", String(limits.enabled))]
        for group in RateLimitGroup.allCases {
            let value = limits.rule(for: group).map { "\($0.limit) per minute, bursts of \($0.burst) (per \(group == .token ? "API key" : "account"))" } ?? "off"
            lines.append(("RATE_LIMIT_\(group.variableStem)_PER_MINUTE", value))
        }
        lines.append((
            "RATE_LIMIT_AUTH_FAILURES",
            limits.authFailureRule.map { "\($0.limit) per \($0.windowSeconds) s per client address" } ?? "off"
        ))
        lines.append((
            "RATE_LIMIT_TRUSTED_PROXIES",
            limits.trustedProxies.isEmpty ? "(none: X-Forwarded-For ignored)" : limits.trustedProxies.sorted().joined(separator: ",")
        ))
        lines.append(("SKILLHUB_MAX_HEADER_BYTES", String(requestLimits.maxHeaderBytes)))
        lines.append(("SKILLHUB_MAX_JSON_DEPTH", String(requestLimits.maxJSONDepth)))
        return lines
    }
}
