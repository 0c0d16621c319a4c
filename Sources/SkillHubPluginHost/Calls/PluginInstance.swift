import CSkillHubPlugin
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SkillHubCore

/// A started plugin: `init` has run with its configuration and the host table.
/// Invocations are asynchronous and may run concurrently.
public final class PluginInstance: RunningPlugin {
    public let library: PluginLibrary
    private let table: HostAPITable
    private let instance: UnsafeSendablePointer
    private let gate = PluginCallGate()

    /// Starts an instance of `library` with `configuration` (a JSON object).
    /// The plugin's `init_instance` may block, so it runs on a thread of its
    /// own, never on one that serves requests.
    public static func start(
        library: PluginLibrary,
        configuration: JSONValue = [:],
        services: any PluginHostServices = NoPluginHostServices(),
        logger: Logger
    ) async throws -> PluginInstance {
        let table = HostAPITable(context: HostContext(pluginName: library.descriptor.name, logger: logger, services: services))
        let config = Array((try? JSONEncoder().encode(configuration)) ?? Data("{}".utf8))
        let (status, created) = await withCheckedContinuation { (continuation: CheckedContinuation<(skh_status, UnsafeSendablePointer?), Never>) in
            Thread.detachNewThread {
                var created: OpaquePointer?
                let status = config.withUnsafeBufferPointer { buffer in
                    library.api.pointee.init_instance(table.pointer, skh_bytes(ptr: buffer.baseAddress, len: buffer.count), &created)
                }
                continuation.resume(returning: (status, created.map(UnsafeSendablePointer.init)))
            }
        }
        guard status == SKH_OK, let created else {
            table.release()
            throw PluginLoadError.initFailed(plugin: library.descriptor.name, status: PluginStatus(status))
        }
        return PluginInstance(library: library, table: table, instance: created)
    }

    private init(library: PluginLibrary, table: HostAPITable, instance: UnsafeSendablePointer) {
        self.library = library
        self.table = table
        self.instance = instance
    }

    /// The plugin's output for `call`. A late completion (after the timeout) is dropped.
    public func invoke(_ call: PluginCall) async throws -> [UInt8] {
        try await gate.admit(library.descriptor.name) { try await perform(call) }
    }

    /// One call through the ABI, with its timeout. Cancelling the awaiting task (its client went
    /// away) ends the call at once, as a timeout does: the plugin is asked to cancel, the call fails
    /// with ``PluginStatus/cancelled``, and host services working for it (a model's stream) stop.
    private func perform(_ call: PluginCall) async throws -> [UInt8] {
        let (capability, input, timeout) = (call.capability, call.input, call.timeout)
        let library = library
        let instance = instance
        let cancellation = CallCancellation()
        /// Ends `handle` with `error` unless it has ended; the plugin is asked to cancel first
        /// (once the caller has heard, it may shut the instance down).
        let end: @Sendable (OpaquePointer, PluginCallError) -> Void = { handle, error in
            guard let completion = CallRegistry.take(handle) else { return }
            library.api.pointee.cancel?(instance.pointer, handle)
            completion(.failure(error))
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
                let expire: CallRegistry.Expiry = { handle in
                    end(handle, PluginCallError(status: .timeout, message: "no answer within \(timeout)"))
                }
                let handle = CallRegistry.open(origin: call.origin, onChunk: call.onChunk, deadline: .now() + TimeAmount(timeout), expire: expire) { result in
                    continuation.resume(with: result)
                }
                guard cancellation.opened(handle) else {
                    CallRegistry.finish(handle, with: .failure(PluginCallError(status: .cancelled, message: "the caller went away")))
                    return
                }
                let name = Array(capability.utf8)
                name.withUnsafeBufferPointer { nameBuffer in
                    input.withUnsafeBufferPointer { inputBuffer in
                        library.api.pointee.invoke(
                            instance.pointer, handle,
                            skh_bytes(ptr: nameBuffer.baseAddress, len: nameBuffer.count),
                            skh_bytes(ptr: inputBuffer.baseAddress, len: inputBuffer.count)
                        )
                    }
                }
            }
        } onCancel: {
            if let handle = cancellation.cancel() {
                end(handle, PluginCallError(status: .cancelled, message: "the caller went away"))
            }
        }
    }

    public var descriptor: PluginDescriptor { library.descriptor }
    public var abiVersion: String { library.abiVersion }
    public var mode: String { "in-process" }
    public var restarts: Int { 0 }
    public var isAvailable: Bool { gate.isOpen }

    /// Calls so far, failed ones, and those in flight.
    public var counters: PluginCallCounters { gate.counters }

    /// Whether the instance has shut down (or is shutting down) and takes no more calls.
    public var hasShutDown: Bool { !gate.isOpen }

    /// Runs the plugin's periodic work, if it has any.
    public func tick() {
        guard gate.isOpen else { return }
        library.api.pointee.tick?(instance.pointer)
    }

    /// Refuses new calls, lets those in flight finish, then ends the instance.
    public func retire() async {
        guard gate.close() else { return }
        await gate.drained()
        end()
    }

    /// Ends the instance now; call once its in-flight calls have completed
    /// (a call still in flight has already timed out or been answered).
    public func shutdown() {
        guard gate.close() else { return }
        end()
    }

    private func end() {
        library.api.pointee.shutdown(instance.pointer)
        table.release()
    }
}

/// An opaque pointer handed across the ABI; the ABI makes the threading rules.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
