/// A random pick in proportion to weight.
public enum WeightedRandom {
    public static func pick(from targets: [RouteTarget], using generator: inout some RandomNumberGenerator) -> RouteTarget? {
        let total = targets.reduce(0) { $0 + max(0, $1.weight) }
        guard total > 0 else { return nil }
        var point = Int.random(in: 0..<total, using: &generator)
        for target in targets where target.weight > 0 {
            if point < target.weight { return target }
            point -= target.weight
        }
        return nil
    }
}
