import CSkillHubPlugin
import Foundation
import SkillHubCore

/// What a skill gets from the host: its configuration and the host services.
public struct SkillContext: @unchecked Sendable {
    /// The configuration: the descriptor's `default_config` overlaid by the host's.
    public let configuration: [String: JSONValue]
    let host: UnsafePointer<skh_host_api>

    public enum LogLevel: Sendable {
        case debug, info, warning, error
    }

    /// Writes to the host's log, labelled with the plugin's name.
    public func log(_ level: LogLevel, _ message: String) {
        let cLevel: skh_log_level = switch level {
        case .debug: SKH_LOG_DEBUG
        case .info: SKH_LOG_INFO
        case .warning: SKH_LOG_WARNING
        case .error: SKH_LOG_ERROR
        }
        var text = Array(message.utf8)
        text.withUnsafeMutableBufferPointer { buffer in
            host.pointee.log(host.pointee.context, cLevel, skh_bytes(ptr: buffer.baseAddress, len: buffer.count))
        }
    }

    /// The host's clock.
    public var now: Date {
        Date(timeIntervalSince1970: Double(host.pointee.now_ms(host.pointee.context)) / 1000)
    }
}
