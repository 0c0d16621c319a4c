import CSkillHubPlugin
import NIOConcurrencyHelpers

/// The invocations in flight across every plugin. A `skh_call` handle is a
/// number, not a pointer into host memory, so a plugin that completes a call
/// twice, late (after a timeout) or with a made-up handle cannot corrupt the
/// host: the completion finds nothing and is dropped.
enum CallRegistry {
    typealias Completion = @Sendable (Result<[UInt8], PluginCallError>) -> Void

    private struct State {
        var nextID: UInt = 1
        var pending: [UInt: Completion] = [:]
    }

    private static let state = NIOLockedValueBox(State())

    /// Registers a call; the handle to pass to the plugin.
    static func open(_ completion: @escaping Completion) -> OpaquePointer {
        let id = state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = completion
            return id
        }
        // Handles are small non-zero integers, never dereferenced.
        return OpaquePointer(bitPattern: id)!
    }

    /// Ends a call with `result`; false when it had already ended.
    @discardableResult
    static func finish(_ call: OpaquePointer?, with result: Result<[UInt8], PluginCallError>) -> Bool {
        guard let call else { return false }
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(call)))
        guard let completion = state.withLockedValue({ $0.pending.removeValue(forKey: id) }) else { return false }
        completion(result)
        return true
    }

    /// Calls in flight now.
    static var pendingCount: Int { state.withLockedValue { $0.pending.count } }
}
