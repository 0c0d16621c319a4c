import CSkillHubPlugin
import Foundation
import Logging

/// The `skh_host_api` table handed to a plugin instance, allocated for the
/// instance's lifetime. Services this host does not offer yet answer
/// SKH_ERR_UNSUPPORTED through their callback, as the ABI says.
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
        table.stream = { _, _ in SKH_ERR_UNSUPPORTED }
        table.now_ms = { _ in UInt64(Date().timeIntervalSince1970 * 1000) }
        table.metric = { _, _, _, _ in }
        table.http = { _, _, callback, userData in callback?(userData, SKH_ERR_UNSUPPORTED, skh_bytes(ptr: nil, len: 0)) }
        table.kv_get = { _, _, callback, userData in callback?(userData, SKH_ERR_UNSUPPORTED, skh_bytes(ptr: nil, len: 0)) }
        table.kv_set = { _, _, _, _, callback, userData in callback?(userData, SKH_ERR_UNSUPPORTED, skh_bytes(ptr: nil, len: 0)) }
        table.kv_delete = { _, _, callback, userData in callback?(userData, SKH_ERR_UNSUPPORTED, skh_bytes(ptr: nil, len: 0)) }
        table.invoke_skill = { _, _, callback, userData in callback?(userData, SKH_ERR_UNSUPPORTED, skh_bytes(ptr: nil, len: 0)) }
        pointer.initialize(to: table)
    }

    /// Frees the table; call only after the instance has shut down.
    func release() {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
        context.release()
    }
}
