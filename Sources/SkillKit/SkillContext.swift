import CSkillHubPlugin
import Foundation
import SkillHubWire

/// What a skill gets from the host: its configuration and the host services.
///
/// The context handed to ``Skill/invoke(_:context:)`` belongs to that call:
/// the host services it uses act on behalf of the call's caller (key-value
/// entries in the caller's tenant namespace, other skills called with the
/// caller's rights), and ``stream(_:)`` sends the call's chunks. The context
/// of `init` and `tick` acts for the plugin itself.
public struct SkillContext: @unchecked Sendable {
    /// The configuration: the descriptor's `default_config` overlaid by the host's.
    public let configuration: [String: JSONValue]
    let host: UnsafePointer<skh_host_api>
    /// The call this context serves; nil outside one.
    var call: OpaquePointer?

    init(configuration: [String: JSONValue], host: UnsafePointer<skh_host_api>) {
        self.configuration = configuration
        self.host = host
    }

    /// This context, serving `call`.
    func serving(_ call: OpaquePointer?) -> SkillContext {
        var context = self
        context.call = call
        return context
    }

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
        Array(message.utf8).withBytes { host.pointee.log(host.pointee.context, cLevel, $0) }
    }

    /// The host's clock.
    public var now: Date {
        Date(timeIntervalSince1970: Double(host.pointee.now_ms(host.pointee.context)) / 1000)
    }

    /// A configuration value as text (numbers and booleans written out), or nil when unset or empty.
    public func setting(_ key: String) -> String? {
        let text: String? = switch configuration[key] {
        case .string(let value)?: value
        case .number(let value)?: value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value)?: String(value)
        default: nil
        }
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` with the bytes as a borrowed `skh_bytes`.
    func withBytes<Result>(_ body: (skh_bytes) throws -> Result) rethrows -> Result {
        try withUnsafeBufferPointer { buffer in try body(skh_bytes(ptr: buffer.baseAddress, len: buffer.count)) }
    }
}
