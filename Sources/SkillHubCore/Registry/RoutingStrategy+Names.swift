extension RoutingStrategy {
    /// The strategy an operator's name stands for: SkillHub's own names (`weighted_round_robin`,
    /// `least_request`, `consistent_hash`, `weighted_random`) and the names of seed 002's
    /// `LOAD_BALANCE_STRATEGY` and of common proxies, in any case, with `-` or `_`:
    ///
    /// | names | strategy |
    /// |---|---|
    /// | `round-robin`, `weighted`, `weighted-round-robin`, `wrr` | ``weightedRoundRobin`` |
    /// | `least-connections`, `least-conn`, `least-request`, `least-requests` | ``leastRequest`` |
    /// | `consistent-hash`, `hash`, `sticky`, `session` | ``consistentHash`` |
    /// | `random`, `weighted-random` | ``weightedRandom`` |
    public init?(operatorName: String) {
        let name = operatorName.lowercased().replacingOccurrences(of: "-", with: "_")
        if let strategy = RoutingStrategy(rawValue: name) {
            self = strategy
            return
        }
        guard let strategy = Self.aliases[name] else { return nil }
        self = strategy
    }

    /// The seeds' and proxies' names (normalised to lowercase with `_`) for each strategy.
    static let aliases: [String: RoutingStrategy] = [
        "round_robin": .weightedRoundRobin, "weighted": .weightedRoundRobin, "wrr": .weightedRoundRobin,
        "least_connections": .leastRequest, "least_conn": .leastRequest, "least_requests": .leastRequest,
        "hash": .consistentHash, "sticky": .consistentHash, "session": .consistentHash,
        "random": .weightedRandom,
    ]

    /// Every accepted name, for error messages.
    public static var operatorNames: [String] {
        ["round-robin", "weighted", "least-connections", "least-request", "consistent-hash", "sticky", "random", "weighted-random"]
            + allCases.map(\.rawValue)
    }
}
