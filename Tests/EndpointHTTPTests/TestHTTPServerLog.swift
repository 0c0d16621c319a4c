import NIOConcurrencyHelpers

/// What the test server has seen: accepted connections and the requests received.
public final class TestHTTPServerLog: Sendable {
    private struct State {
        var acceptedConnections = 0
        var requests = 0
        var lastRequest: RecordedRequest?
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var acceptedConnections: Int { state.withLockedValue { $0.acceptedConnections } }
    public var requests: Int { state.withLockedValue { $0.requests } }
    public var lastRequest: RecordedRequest? { state.withLockedValue { $0.lastRequest } }

    func accepted() {
        state.withLockedValue { $0.acceptedConnections += 1 }
    }

    /// Records a request; in the benchmark only the count is kept (`keepingRequest: false`).
    func received(_ request: @autoclosure () -> RecordedRequest, keepingRequest: Bool) {
        let recorded = keepingRequest ? request() : nil
        state.withLockedValue { state in
            state.requests += 1
            if let recorded { state.lastRequest = recorded }
        }
    }
}
