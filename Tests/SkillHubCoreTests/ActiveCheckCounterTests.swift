import Testing

@testable import SkillHubCore

/// Envoy's and nginx's thresholds: consecutive results move an endpoint, a single contrary one resets the count.
@Suite("Active check counter")
struct ActiveCheckCounterTests {
    let check = ActiveHealthCheck(healthyThreshold: 2, unhealthyThreshold: 3)

    @Test func failuresInARowTakeAHealthyEndpointOut() {
        var counter = ActiveCheckCounter()
        #expect(counter.record(passed: false, current: .healthy, check: check) == nil)
        #expect(counter.record(passed: false, current: .healthy, check: check) == nil)
        // A pass in between starts the count again.
        #expect(counter.record(passed: true, current: .healthy, check: check) == nil)
        #expect(counter.record(passed: false, current: .healthy, check: check) == nil)
        #expect(counter.record(passed: false, current: .healthy, check: check) == nil)
        #expect(counter.record(passed: false, current: .healthy, check: check) == .unhealthy)
        #expect(counter.failures == 3)
    }

    @Test func passesInARowBringAnUnhealthyEndpointBack() {
        var counter = ActiveCheckCounter()
        #expect(counter.record(passed: true, current: .unhealthy, check: check) == nil)
        #expect(counter.record(passed: false, current: .unhealthy, check: check) == nil)
        #expect(counter.record(passed: true, current: .unhealthy, check: check) == nil)
        #expect(counter.record(passed: true, current: .unhealthy, check: check) == .healthy)
    }

    @Test func aDisabledEndpointIsNeverMoved() {
        var counter = ActiveCheckCounter()
        for _ in 0..<5 {
            #expect(counter.record(passed: false, current: .disabled, check: check) == nil)
            #expect(counter.record(passed: true, current: .disabled, check: check) == nil)
        }
    }
}
