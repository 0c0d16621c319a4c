import NIOConcurrencyHelpers

/// Passes the chunks of a streaming answer to the caller and remembers
/// whether any has gone out (after which a call is never retried).
final class StreamingSink: Sendable {
    private let deliver: @Sendable ([UInt8]) -> Void
    private let started = NIOLockedValueBox(false)

    init(_ deliver: @escaping @Sendable ([UInt8]) -> Void) {
        self.deliver = deliver
    }

    var hasStarted: Bool { started.withLockedValue { $0 } }

    @Sendable func send(_ chunk: [UInt8]) {
        started.withLockedValue { $0 = true }
        deliver(chunk)
    }
}
