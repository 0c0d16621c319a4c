import Foundation
import SkillHubCore
import Testing

/// A seeded generator, so random balancers are tested deterministically.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

@Suite("Balancers")
struct BalancerTests {
    let a = RouteTarget(id: UUID(), weight: 5)
    let b = RouteTarget(id: UUID(), weight: 1)
    let c = RouteTarget(id: UUID(), weight: 1)

    func shares(_ picks: [RouteTarget?], of targets: [RouteTarget]) -> [Double] {
        targets.map { target in Double(picks.filter { $0?.id == target.id }.count) / Double(picks.count) }
    }

    @Test func smoothWeightedRoundRobinFollowsNginxSequence() {
        var balancer = SmoothWeightedRoundRobin()
        let names = [a.id: "a", b.id: "b", c.id: "c"]
        let sequence = (0..<14).compactMap { _ in balancer.pick(from: [a, b, c]).flatMap { names[$0.id] } }
        #expect(sequence == ["a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"])
    }

    @Test func smoothWeightedRoundRobinDistributionIsExactAndDrainsZeroWeight() {
        var balancer = SmoothWeightedRoundRobin()
        let drained = RouteTarget(id: UUID(), weight: 0)
        let picks = (0..<100_000).map { _ in balancer.pick(from: [a, b, c, drained]) }
        let share = shares(picks, of: [a, b, c, drained])
        #expect(abs(share[0] - 5.0 / 7) < 0.001 && abs(share[1] - 1.0 / 7) < 0.001 && abs(share[2] - 1.0 / 7) < 0.001)
        #expect(share[3] == 0)
        let onlyDrained = balancer.pick(from: [drained])
        let empty = balancer.pick(from: [])
        #expect(onlyDrained == nil && empty == nil)
    }

    @Test func weightedRandomStaysWithinOnePercentOfTheWeights() {
        var generator = SplitMix64(state: 42)
        let picks = (0..<100_000).map { _ in WeightedRandom.pick(from: [a, b, c], using: &generator) }
        let share = shares(picks, of: [a, b, c])
        #expect(abs(share[0] - 5.0 / 7) < 0.01 && abs(share[1] - 1.0 / 7) < 0.01 && abs(share[2] - 1.0 / 7) < 0.01)
    }

    @Test func leastRequestPrefersTheIdleEndpoint() {
        var generator = SplitMix64(state: 7)
        let busy = RouteTarget(id: UUID(), weight: 1, inFlight: 20)
        let idle = RouteTarget(id: UUID(), weight: 1, inFlight: 0)
        let alsoBusy = RouteTarget(id: UUID(), weight: 1, inFlight: 15)
        let picks = (0..<10_000).map { _ in LeastRequestBalancer.pick(from: [busy, idle, alsoBusy], using: &generator) }
        let share = shares(picks, of: [busy, idle, alsoBusy])
        // The idle one wins every draw it is in: two of the three pairs (about 2/3), far above its 1/3 weight share.
        #expect(share[1] > 0.6)
        #expect(share[0] < share[2] + 0.05)
        let none = LeastRequestBalancer.pick(from: [RouteTarget(id: UUID(), weight: 0)], using: &generator)
        #expect(none == nil)
    }

    @Test func consistentHashingKeepsKeysAndMovesAboutOneNthWhenATargetLeaves() {
        // Fixed ids, so the ring (and this test) is the same on every run.
        let targets = (0..<5).compactMap { index in
            UUID(uuidString: "6a1f3c2e-0000-4000-8000-00000000000\(index)").map { RouteTarget(id: $0, weight: 1) }
        }
        #expect(targets.count == 5)
        let ring = ConsistentHashRing(targets: targets)
        let keys = (0..<20_000).map { "session-\($0)" }
        let before = keys.map { ring.pick(key: $0)?.id }
        #expect(keys.map { ring.pick(key: $0)?.id } == before)
        let share = targets.map { target in Double(before.filter { $0 == target.id }.count) / Double(keys.count) }
        #expect(share.allSatisfy { abs($0 - 0.2) < 0.05 })

        let smaller = ConsistentHashRing(targets: Array(targets.dropFirst()))
        let after = keys.map { smaller.pick(key: $0)?.id }
        let moved = zip(before, after).filter { $0 != $1 }.count
        // Only the keys of the target that left move (about 1/5), and each to one of the others.
        #expect(abs(Double(moved) / Double(keys.count) - 0.2) < 0.05)
        #expect(zip(before, after).allSatisfy { $0 == $1 || $0 == targets[0].id })
        #expect(ConsistentHashRing(targets: []).pick(key: "x") == nil)
    }

    @Test func panicModeRoutesOverEveryEndpointWhenTooFewAreHealthy() {
        let candidates = [
            RoutingCandidate(target: a, isHealthy: true),
            RoutingCandidate(target: b, isHealthy: false),
            RoutingCandidate(target: c, isHealthy: true, isEjected: true),
            RoutingCandidate(target: RouteTarget(id: UUID(), weight: 0), isHealthy: true),
        ]
        let normal = RoutingCandidate.eligible(candidates, panicThreshold: 0.3)
        #expect(normal.targets.map(\.id) == [a.id])
        #expect(!normal.panic)
        let panic = RoutingCandidate.eligible(candidates, panicThreshold: 0.5)
        #expect(Set(panic.targets.map(\.id)) == [a.id, b.id, c.id])
        #expect(panic.panic)
    }

    @Test func outliersAreEjectedForGrowingTimesAndComeBack() {
        var detector = OutlierDetector(policy: .init(consecutiveFailures: 3, baseEjection: .seconds(30), maximumEjection: .seconds(75), maximumEjectedShare: 0.5))
        let start = ContinuousClock.now
        let endpoint = UUID()
        let first = detector.recordFailure(endpoint, at: start, endpoints: 4)
        detector.recordSuccess(endpoint, at: start)
        let runOfThree = (0..<3).map { _ in detector.recordFailure(endpoint, at: start, endpoints: 4) }
        #expect(!first)
        #expect(runOfThree == [false, false, true])
        #expect(detector.isEjected(endpoint, at: start + .seconds(29)))
        #expect(!detector.isEjected(endpoint, at: start + .seconds(30)))

        // Ejected again: twice as long; a third time: capped at the maximum.
        let second = start + .seconds(31)
        for _ in 0..<3 { detector.recordFailure(endpoint, at: second, endpoints: 4) }
        #expect(detector.isEjected(endpoint, at: second + .seconds(59)))
        #expect(!detector.isEjected(endpoint, at: second + .seconds(60)))
        let third = second + .seconds(61)
        for _ in 0..<3 { detector.recordFailure(endpoint, at: third, endpoints: 4) }
        #expect(detector.isEjected(endpoint, at: third + .seconds(74)))
        #expect(!detector.isEjected(endpoint, at: third + .seconds(75)))
    }

    @Test func atMostTheConfiguredShareIsEjectedButAlwaysOne() {
        var detector = OutlierDetector(policy: .init(consecutiveFailures: 1, maximumEjectedShare: 0.5))
        let now = ContinuousClock.now
        let endpoints = (0..<4).map { _ in UUID() }
        let ejected = endpoints.map { detector.recordFailure($0, at: now, endpoints: 4) }
        #expect(ejected == [true, true, false, false])
        var single = OutlierDetector(policy: .init(consecutiveFailures: 1, maximumEjectedShare: 0.1))
        let alone = single.recordFailure(UUID(), at: now, endpoints: 1)
        #expect(alone)
    }
}
