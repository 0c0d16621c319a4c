import CSkillHubPlugin
import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubCore

/// A started plugin: `init` has run with its configuration and the host table.
/// Invocations are asynchronous and may run concurrently.
public final class PluginInstance: Sendable {
    public let library: PluginLibrary
    private let table: HostAPITable
    private let instance: UnsafeSendablePointer
    private let isShutDown = NIOLockedValueBox(false)

    /// Starts an instance of `library` with `configuration` (a JSON object).
    /// The plugin's `init_instance` may block, so it runs on a thread of its
    /// own, never on one that serves requests.
    public static func start(library: PluginLibrary, configuration: JSONValue = [:], logger: Logger) async throws -> PluginInstance {
        let table = HostAPITable(context: HostContext(pluginName: library.descriptor.name, logger: logger))
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

    /// Invokes `capability` with `input` (JSON bytes); the plugin's output.
    /// After `timeout` the call fails with ``PluginStatus/timeout`` and the
    /// plugin is asked to cancel; its late completion is dropped.
    public func invoke(_ capability: String, input: [UInt8], timeout: Duration) async throws -> [UInt8] {
        guard !isShutDown.withLockedValue({ $0 }) else {
            throw PluginCallError(status: .unavailable, message: "plugin \(library.descriptor.name) has shut down")
        }
        let library = library
        let instance = instance
        let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
        defer { timer.withLockedValue { $0?.cancel() } }
        return try await withCheckedThrowingContinuation { continuation in
            let call = CallRegistry.open { result in continuation.resume(with: result) }
            let handle = UnsafeSendablePointer(call)
            timer.withLockedValue { timer in
                timer = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    let timedOut = PluginCallError(status: .timeout, message: "no answer within \(timeout)")
                    if CallRegistry.finish(handle.pointer, with: .failure(timedOut)) {
                        library.api.pointee.cancel?(instance.pointer, handle.pointer)
                    }
                }
            }
            let name = Array(capability.utf8)
            name.withUnsafeBufferPointer { nameBuffer in
                input.withUnsafeBufferPointer { inputBuffer in
                    library.api.pointee.invoke(
                        instance.pointer, call,
                        skh_bytes(ptr: nameBuffer.baseAddress, len: nameBuffer.count),
                        skh_bytes(ptr: inputBuffer.baseAddress, len: inputBuffer.count)
                    )
                }
            }
        }
    }

    /// Runs the plugin's periodic work, if it has any.
    public func tick() {
        guard !isShutDown.withLockedValue({ $0 }) else { return }
        library.api.pointee.tick?(instance.pointer)
    }

    /// Ends the instance; call once its in-flight calls have completed.
    public func shutdown() {
        let wasRunning = isShutDown.withLockedValue { isShutDown in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard wasRunning else { return }
        library.api.pointee.shutdown(instance.pointer)
        table.release()
    }
}

/// An opaque pointer handed across the ABI; the ABI makes the threading rules.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
