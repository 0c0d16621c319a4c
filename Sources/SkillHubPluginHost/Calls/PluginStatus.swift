import CSkillHubPlugin

/// The ABI's `skh_status`, as Swift sees it.
public enum PluginStatus: UInt32, Sendable, Equatable, CustomStringConvertible {
    case ok = 0
    case invalidInput = 1
    case unknownCapability = 2
    case unavailable = 3
    case timeout = 4
    case cancelled = 5
    case unsupported = 6
    case `internal` = 7
    case abiMismatch = 8
    case notFound = 9
    case conflict = 10

    init(_ status: skh_status) {
        self = PluginStatus(rawValue: status.rawValue) ?? .internal
    }

    var cValue: skh_status { skh_status(rawValue: rawValue) }

    public var description: String {
        switch self {
        case .ok: "ok"
        case .invalidInput: "invalid input"
        case .unknownCapability: "unknown capability"
        case .unavailable: "unavailable"
        case .timeout: "timeout"
        case .cancelled: "cancelled"
        case .unsupported: "unsupported"
        case .internal: "internal error"
        case .abiMismatch: "ABI mismatch"
        case .notFound: "not found"
        case .conflict: "conflict"
        }
    }
}

/// A plugin call that did not end with SKH_OK: its status and the plugin's message.
public struct PluginCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: PluginStatus
    public var message: String

    public init(status: PluginStatus, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status): \(message)" }
}
