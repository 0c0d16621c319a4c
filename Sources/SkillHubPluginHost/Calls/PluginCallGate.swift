import NIOConcurrencyHelpers

/// Admits the calls of one plugin instance until it shuts down, counts them,
/// and tells when the last one in flight has ended (so a reload can retire
/// an old instance without failing its calls).
final class PluginCallGate: Sendable {
    private struct State {
        var isOpen = true
        var counters = PluginCallCounters()
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    var counters: PluginCallCounters { state.withLockedValue { $0.counters } }

    /// Runs one call of plugin `name` through the gate, counting it (and
    /// whether it failed); refused with ``PluginStatus/unavailable`` once closed.
    func admit<Output>(_ name: String, _ call: () async throws -> Output) async throws -> Output {
        guard enter() else {
            throw PluginCallError(status: .unavailable, message: "plugin \(name) has shut down")
        }
        do {
            let output = try await call()
            leave(failed: false)
            return output
        } catch {
            leave(failed: true)
            throw error
        }
    }

    /// Admits one call; false once the gate has closed.
    private func enter() -> Bool {
        state.withLockedValue { state in
            guard state.isOpen else { return false }
            state.counters.calls += 1
            state.counters.inFlight += 1
            return true
        }
    }

    /// Ends an admitted call.
    private func leave(failed: Bool) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.counters.inFlight -= 1
            if failed { state.counters.failures += 1 }
            guard state.counters.inFlight == 0 else { return [] }
            defer { state.drainWaiters.removeAll() }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no call is in flight.
    func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLockedValue { state in
                if state.counters.inFlight == 0 { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Refuses every later call; true the first time.
    func close() -> Bool {
        state.withLockedValue { state in
            defer { state.isOpen = false }
            return state.isOpen
        }
    }

    var isOpen: Bool { state.withLockedValue { $0.isOpen } }
}
