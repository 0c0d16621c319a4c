/// Envoy's least-request balancing by the power of two choices: two targets
/// are drawn at random (in proportion to weight) and the one with the higher
/// weight / (in-flight + 1) wins, so idle endpoints attract calls without
/// every caller stampeding to the single least-loaded one.
public enum LeastRequestBalancer {
    public static func pick(from targets: [RouteTarget], using generator: inout some RandomNumberGenerator) -> RouteTarget? {
        let candidates = targets.filter { $0.weight > 0 }
        guard let first = WeightedRandom.pick(from: candidates, using: &generator) else { return nil }
        guard candidates.count > 1 else { return first }
        var second = first
        for _ in 0..<4 where second.id == first.id {
            second = WeightedRandom.pick(from: candidates, using: &generator) ?? first
        }
        return score(first) >= score(second) ? first : second
    }

    static func score(_ target: RouteTarget) -> Double {
        Double(target.weight) / Double(target.inFlight + 1)
    }
}
