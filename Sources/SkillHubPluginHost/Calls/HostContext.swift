import CSkillHubPlugin
import Foundation
import Logging

/// The host's side of one plugin instance, reached from C through the
/// `skh_host_context` pointer of its host table.
final class HostContext: Sendable {
    let pluginName: String
    let logger: Logger
    let services: any PluginHostServices

    init(pluginName: String, logger: Logger, services: any PluginHostServices) {
        self.pluginName = pluginName
        self.logger = logger
        self.services = services
    }

    static func from(_ pointer: OpaquePointer?) -> HostContext? {
        guard let pointer else { return nil }
        return Unmanaged<HostContext>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// The key-value namespace for a request made on behalf of `account`.
    func namespace(_ account: String?) -> PluginNamespace {
        PluginNamespace(plugin: pluginName, account: account)
    }

    /// Runs an asynchronous host service and answers the plugin through its
    /// callback, exactly once, with the result or the failure's status and message.
    func answer(_ callback: skh_host_callback?, _ userData: UnsafeMutableRawPointer?, _ work: @escaping @Sendable () async throws -> [UInt8]) {
        guard let callback else { return }
        let reply = HostReply(callback: callback, userData: userData)
        Task {
            do {
                reply.send(SKH_OK, try await work())
            } catch let error as PluginCallError {
                reply.send(error.status.cValue, Array(error.message.utf8))
            } catch {
                reply.send(SKH_ERR_INTERNAL, Array("\(error)".utf8))
            }
        }
    }
}

/// A plugin's callback and its user data, carried to the task that answers it
/// (the ABI lets the callback run on any thread).
private struct HostReply: @unchecked Sendable {
    let callback: skh_host_callback
    let userData: UnsafeMutableRawPointer?

    func send(_ status: skh_status, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            callback(userData, status, skh_bytes(ptr: buffer.baseAddress, len: buffer.count))
        }
    }
}

extension skh_bytes {
    /// A copy of the borrowed bytes.
    var array: [UInt8] {
        guard let ptr, len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: ptr, count: len))
    }

    var string: String { String(decoding: array, as: UTF8.self) }
}
