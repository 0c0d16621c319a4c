import NIOConcurrencyHelpers

/// Carries a call's handle to the cancellation handler of the task awaiting it: the task may be
/// cancelled before the call is opened, while it runs, or after it has ended.
final class CallCancellation: Sendable {
    private struct State {
        var handle: UInt?
        var isCancelled = false
    }

    private let state = NIOLockedValueBox(State())

    /// Records the opened call; false when the task was cancelled first (the caller ends the call).
    func opened(_ handle: OpaquePointer) -> Bool {
        state.withLockedValue { state in
            state.handle = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle)))
            return !state.isCancelled
        }
    }

    /// Marks the task cancelled; the call to end, once it has been opened.
    func cancel() -> OpaquePointer? {
        state.withLockedValue { state in
            state.isCancelled = true
            return state.handle.flatMap { OpaquePointer(bitPattern: $0) }
        }
    }
}
