import CSkillHubPlugin
import Foundation
import Logging

/// The host's side of one plugin instance, reached from C through the
/// `skh_host_context` pointer of its host table.
final class HostContext: Sendable {
    let pluginName: String
    let logger: Logger

    init(pluginName: String, logger: Logger) {
        self.pluginName = pluginName
        self.logger = logger
    }

    static func from(_ pointer: OpaquePointer?) -> HostContext? {
        guard let pointer else { return nil }
        return Unmanaged<HostContext>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
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
