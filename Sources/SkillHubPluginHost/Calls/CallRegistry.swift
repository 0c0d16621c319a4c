import CSkillHubPlugin
import NIOConcurrencyHelpers

/// The invocations in flight across every plugin. A `skh_call` handle is a
/// number, not a pointer into host memory, so a plugin that completes a call
/// twice, late (after a timeout) or with a made-up handle cannot corrupt the
/// host: the completion finds nothing and is dropped.
enum CallRegistry {
    typealias Completion = @Sendable (Result<[UInt8], PluginCallError>) -> Void
    typealias ChunkHandler = @Sendable ([UInt8]) -> Void

    private struct PendingCall {
        var completion: Completion
        var origin: PluginCallOrigin?
        var onChunk: ChunkHandler?
    }

    private struct State {
        var nextID: UInt = 1
        var pending: [UInt: PendingCall] = [:]
    }

    private static let state = NIOLockedValueBox(State())

    /// Registers a call made on behalf of `origin`; the handle to pass to the
    /// plugin. `onChunk` receives the chunks of a streaming answer.
    static func open(origin: PluginCallOrigin?, onChunk: ChunkHandler?, _ completion: @escaping Completion) -> OpaquePointer {
        let id = state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = PendingCall(completion: completion, origin: origin, onChunk: onChunk)
            return id
        }
        // Handles are small non-zero integers, never dereferenced.
        return OpaquePointer(bitPattern: id)!
    }

    /// Ends a call with `result`; false when it had already ended.
    @discardableResult
    static func finish(_ call: OpaquePointer?, with result: Result<[UInt8], PluginCallError>) -> Bool {
        guard let completion = take(call) else { return false }
        completion(result)
        return true
    }

    /// Ends a call without completing it yet: its completion, for the caller
    /// to run once done with the call (nil when it had already ended). Any
    /// completion from the plugin meanwhile finds nothing.
    static func take(_ call: OpaquePointer?) -> Completion? {
        guard let id = identifier(of: call) else { return nil }
        return state.withLockedValue { $0.pending.removeValue(forKey: id) }?.completion
    }

    /// Passes one chunk of a streaming answer on; false when the call has
    /// ended or does not stream.
    static func stream(_ call: OpaquePointer?, chunk: [UInt8]) -> Bool {
        guard let id = identifier(of: call), let onChunk = state.withLockedValue({ $0.pending[id]?.onChunk }) else { return false }
        onChunk(chunk)
        return true
    }

    /// On whose behalf a call in flight runs; nil once it has ended.
    static func origin(of call: OpaquePointer?) -> PluginCallOrigin? {
        guard let id = identifier(of: call) else { return nil }
        return state.withLockedValue { $0.pending[id]?.origin }
    }

    /// Calls in flight now.
    static var pendingCount: Int { state.withLockedValue { $0.pending.count } }

    private static func identifier(of call: OpaquePointer?) -> UInt? {
        call.map { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer($0))) }
    }
}
