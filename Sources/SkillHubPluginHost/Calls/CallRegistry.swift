import CSkillHubPlugin
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The invocations in flight across every plugin, and their deadlines.
///
/// A `skh_call` handle is a number, not a pointer into host memory, so a
/// plugin that completes a call twice, late (after a timeout) or with a
/// made-up handle cannot corrupt the host: the completion finds nothing and
/// is dropped.
///
/// Deadlines are checked by one sweep every ``sweepInterval`` while calls
/// are in flight, not by a timer per call: scheduling and cancelling a timer
/// on an event loop from another thread wakes that loop through a system call
/// each time, which cost more than the rest of an in-process call.
enum CallRegistry {
    typealias Completion = @Sendable (Result<[UInt8], PluginCallError>) -> Void
    typealias ChunkHandler = @Sendable ([UInt8]) -> Void
    /// Ends a call whose deadline has passed (given the call's handle).
    typealias Expiry = @Sendable (OpaquePointer) -> Void

    /// How often deadlines are checked: a call times out at most this much late.
    static let sweepInterval = TimeAmount.milliseconds(10)
    /// Sweeps with no call in flight before the sweeping stops (until the next call).
    static let idleSweepsBeforeStopping = 100

    private struct PendingCall {
        var completion: Completion
        var origin: PluginCallOrigin?
        var onChunk: ChunkHandler?
        /// Nil once the expiry has been run (or for a call without a deadline).
        var deadline: NIODeadline?
        var expire: Expiry?
    }

    private struct State {
        var nextID: UInt = 1
        var pending: [UInt: PendingCall] = [:]
        var isSweeping = false
        var idleSweeps = 0
    }

    private static let state = NIOLockedValueBox(State())

    /// Registers a call made on behalf of `origin`; the handle to pass to the
    /// plugin. `onChunk` receives the chunks of a streaming answer. Once
    /// `deadline` has passed, `expire` runs with the handle (once), unless the
    /// call has ended.
    static func open(
        origin: PluginCallOrigin?, onChunk: ChunkHandler?, deadline: NIODeadline? = nil, expire: Expiry? = nil,
        _ completion: @escaping Completion
    ) -> OpaquePointer {
        let (id, startSweeping) = state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = PendingCall(completion: completion, origin: origin, onChunk: onChunk, deadline: deadline, expire: expire)
            state.idleSweeps = 0
            let start = deadline != nil && !state.isSweeping
            if start { state.isSweeping = true }
            return (id, start)
        }
        if startSweeping {
            MultiThreadedEventLoopGroup.singleton.any().scheduleRepeatedTask(initialDelay: sweepInterval, delay: sweepInterval) { task in
                sweep(task)
            }
        }
        // Handles are small non-zero integers, never dereferenced.
        return OpaquePointer(bitPattern: id)!
    }

    /// Runs the expiry of every call past its deadline; stops once no call
    /// has been in flight for a while.
    private static func sweep(_ task: RepeatedTask) {
        let now = NIODeadline.now()
        let expired = state.withLockedValue { state -> [(UInt, Expiry)] in
            if state.pending.isEmpty {
                state.idleSweeps += 1
                if state.idleSweeps >= idleSweepsBeforeStopping {
                    state.isSweeping = false
                    task.cancel()
                }
                return []
            }
            var expired: [(UInt, Expiry)] = []
            for (id, call) in state.pending {
                guard let deadline = call.deadline, deadline <= now, let expire = call.expire else { continue }
                state.pending[id]?.deadline = nil
                expired.append((id, expire))
            }
            return expired
        }
        for (id, expire) in expired {
            expire(OpaquePointer(bitPattern: id)!)
        }
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

    /// Whether `call` is still in flight (not completed, cancelled or past its deadline).
    static func isOpen(_ call: OpaquePointer?) -> Bool {
        guard let id = identifier(of: call) else { return false }
        return state.withLockedValue { $0.pending[id] != nil }
    }

    /// Calls in flight now.
    static var pendingCount: Int { state.withLockedValue { $0.pending.count } }

    private static func identifier(of call: OpaquePointer?) -> UInt? {
        call.map { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer($0))) }
    }
}
