import CSkillHubPlugin
import Foundation
import Logging
import SkillHubCore

/// The `skh_host_api` table handed to a plugin instance, allocated for the
/// instance's lifetime. Every function finds the instance's ``HostContext``
/// through the table's context pointer; the asynchronous services run on
/// tasks and answer through the plugin's callback.
final class HostAPITable: @unchecked Sendable {
    /// The table; stable in memory until ``release()``.
    let pointer: UnsafeMutablePointer<skh_host_api>
    private let context: Unmanaged<HostContext>

    init(context: HostContext) {
        self.context = Unmanaged.passRetained(context)
        pointer = .allocate(capacity: 1)
        var table = skh_host_api()
        table.struct_size = UInt32(MemoryLayout<skh_host_api>.size)
        table.abi_major = UInt16(SKILLHUB_ABI_VERSION_MAJOR)
        table.abi_minor = UInt16(SKILLHUB_ABI_VERSION_MINOR)
        table.context = OpaquePointer(self.context.toOpaque())
        table.log = { context, level, message in
            guard let host = HostContext.from(context) else { return }
            let text = message.string
            let metadata: Logger.Metadata = ["plugin": "\(host.pluginName)"]
            switch level {
            case SKH_LOG_DEBUG: host.logger.debug("\(text)", metadata: metadata)
            case SKH_LOG_INFO: host.logger.info("\(text)", metadata: metadata)
            case SKH_LOG_WARNING: host.logger.warning("\(text)", metadata: metadata)
            default: host.logger.error("\(text)", metadata: metadata)
            }
        }
        table.complete = { call, status, output in
            let bytes = output.array
            let result: Result<[UInt8], PluginCallError> = status == SKH_OK
                ? .success(bytes)
                : .failure(PluginCallError(status: PluginStatus(status), message: String(decoding: bytes, as: UTF8.self)))
            CallRegistry.finish(call, with: result)
        }
        table.stream = { call, chunk in
            CallRegistry.stream(call, chunk: chunk.array) ? SKH_OK : SKH_ERR_UNSUPPORTED
        }
        table.now_ms = { _ in UInt64(Date().timeIntervalSince1970 * 1000) }
        table.metric = { context, kind, name, value in
            guard let host = HostContext.from(context) else { return }
            let kind: PluginMetricKind = switch kind {
            case SKH_METRIC_COUNTER: .counter
            case SKH_METRIC_GAUGE: .gauge
            default: .histogram
            }
            host.services.record(kind, name.string, value, for: host.pluginName)
        }
        table.http = { context, _, request, callback, userData in
            let bytes = request.array
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.http(json: bytes, for: host.pluginName)
            }
        }
        table.kv_get = { context, call, key, callback, userData in
            let (key, account) = (key.string, CallRegistry.origin(of: call)?.principal.accountID)
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.requiredValue(for: key, in: host.namespace(account))
            }
        }
        table.kv_set = { context, call, key, value, ttl, callback, userData in
            let (key, value, account) = (key.string, value.array, CallRegistry.origin(of: call)?.principal.accountID)
            HostAPITable.serve(context, callback, userData) { host in
                let ttl: Duration? = ttl == 0 ? nil : .milliseconds(Int64(clamping: ttl))
                try await host.services.setValue(value, for: key, ttl: ttl, in: host.namespace(account))
                return []
            }
        }
        table.kv_delete = { context, call, key, callback, userData in
            let (key, account) = (key.string, CallRegistry.origin(of: call)?.principal.accountID)
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.removeValue(for: key, in: host.namespace(account))
                return []
            }
        }
        table.invoke_skill = { context, call, request, callback, userData in
            let bytes = request.array
            let origin = CallRegistry.origin(of: call)
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.invokeSkill(json: bytes, origin: origin, for: host.pluginName)
            }
        }
        table.store = { context, call, request, callback, userData in
            let (bytes, account) = (request.array, CallRegistry.origin(of: call)?.principal.accountID)
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.store(json: bytes, in: host.namespace(account))
            }
        }
        table.model = { context, call, request, onChunk, callback, userData in
            let (bytes, origin) = (request.array, CallRegistry.origin(of: call))
            let chunks = HostChunkSink(callback: onChunk, userData: userData)
            let watched = CallWatch(call)
            HostAPITable.serve(context, callback, userData) { host in
                try await watched.whileOpen {
                    try await host.services.model(json: bytes, origin: origin, for: host.pluginName) { chunks.send($0) }
                }
            }
        }
        table.sessions = { context, call, request, callback, userData in
            let (bytes, account) = (request.array, CallRegistry.origin(of: call)?.principal.accountID)
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.sessions(json: bytes, in: host.namespace(account))
            }
        }
        // ABI 1.2: the call's trace context, answered before trace_context returns.
        table.trace_context = { _, call, callback, userData in
            guard let trace = CallRegistry.origin(of: call)?.trace else {
                Array("the call carries no trace context".utf8).withUnsafeBufferPointer { callback?(userData, SKH_ERR_NOT_FOUND, skh_bytes(ptr: $0.baseAddress, len: $0.count)) }
                return
            }
            var fields: [String: JSONValue] = ["traceparent": .string(trace.traceparent)]
            if let state = trace.traceState { fields["tracestate"] = .string(state) }
            JSONValue.object(fields).serialized().withUnsafeBufferPointer { callback?(userData, SKH_OK, skh_bytes(ptr: $0.baseAddress, len: $0.count)) }
        }
        table.embed = { context, _, request, callback, userData in
            let bytes = request.array
            HostAPITable.serve(context, callback, userData) { host in
                try await host.services.embed(json: bytes, for: host.pluginName)
            }
        }
        pointer.initialize(to: table)
    }

    /// Answers an asynchronous service; a table without its context answers invalid input.
    private static func serve(
        _ context: OpaquePointer?,
        _ callback: skh_host_callback?,
        _ userData: UnsafeMutableRawPointer?,
        _ work: @escaping @Sendable (HostContext) async throws -> [UInt8]
    ) {
        guard let host = HostContext.from(context) else {
            callback?(userData, SKH_ERR_INVALID_INPUT, skh_bytes(ptr: nil, len: 0))
            return
        }
        host.answer(callback, userData) { try await work(host) }
    }

    /// Frees the table; call only after the instance has shut down.
    func release() {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
        context.release()
    }
}
