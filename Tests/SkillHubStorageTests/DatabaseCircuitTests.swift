import Testing

@testable import SkillHubStorage

/// The rule that makes requests fail at once while PostgreSQL is unreachable (issue 18).
@Suite("PostgreSQL circuit")
struct DatabaseCircuitTests {
    @Test func anAcquireFailureWithNoConnectionHeldOpensItAndOneProbeAtATimeClosesIt() {
        let circuit = DatabaseCircuit(retryInterval: .seconds(1))
        let start = ContinuousClock.now
        #expect(circuit.admit(now: start) == .proceed)
        #expect(circuit.acquireFailed(now: start))
        #expect(circuit.isOpen)
        #expect(circuit.admit(now: start + .milliseconds(500)) == .refuse(probe: false))
        // After the interval one caller starts the probe; the others are still refused without one.
        #expect(circuit.admit(now: start + .seconds(1)) == .refuse(probe: true))
        #expect(circuit.admit(now: start + .seconds(1)) == .refuse(probe: false))
        circuit.probeFinished(reachable: false, now: start + .seconds(2))
        #expect(circuit.admit(now: start + .milliseconds(2_500)) == .refuse(probe: false))
        #expect(circuit.admit(now: start + .seconds(3)) == .refuse(probe: true))
        circuit.probeFinished(reachable: true, now: start + .seconds(3))
        #expect(!circuit.isOpen)
        #expect(circuit.admit(now: start + .seconds(3)) == .proceed)
    }

    @Test func aBusyPoolIsNoOutage() {
        let circuit = DatabaseCircuit(retryInterval: .seconds(1))
        circuit.leaseAcquired()
        #expect(!circuit.acquireFailed())
        #expect(circuit.admit() == .proceed)
        circuit.leaseReleased()
        #expect(circuit.acquireFailed())
        // Any connection leased closes it again.
        circuit.leaseAcquired()
        #expect(!circuit.isOpen)
    }
}
