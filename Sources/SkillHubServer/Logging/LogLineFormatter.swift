import Foundation
import Logging
import SkillHubCore

/// Formats one log entry as one line: text like swift-log's `StreamLogHandler`, or a JSON object
/// (`LOG_FORMAT=json`) with `ts`, `level`, `logger`, `msg` and the metadata as fields — the
/// request id as `request_id`, the request's duration as `latency_ms`, numbers as numbers.
public struct LogLineFormatter: Sendable {
    public let format: LogFormat

    /// Metadata keys renamed in JSON lines.
    static let jsonKeys = ["hb.request.id": "request_id", "duration_ms": "latency_ms"]

    public init(format: LogFormat) {
        self.format = format
    }

    /// The line of an entry, with its trailing newline.
    public func line(label: String, level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata, source: String, date: Date = Date()) -> String {
        switch format {
        case .text:
            let fields = metadata.isEmpty ? "" : " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(Self.timestamp(date, fractional: false)) \(level) \(label) :\(fields) [\(source)] \(message)\n"
        case .json:
            var line = "{\"ts\":"
            Self.appendString(Self.timestamp(date, fractional: true), to: &line)
            line += ",\"level\":"
            Self.appendString(level.rawValue, to: &line)
            line += ",\"logger\":"
            Self.appendString(label, to: &line)
            line += ",\"msg\":"
            Self.appendString(message.description, to: &line)
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                line += ","
                Self.appendString(Self.jsonKeys[key] ?? key, to: &line)
                line += ":"
                Self.appendValue(value, to: &line)
            }
            return line + "}\n"
        }
    }

    /// ISO 8601 in UTC: `2025-01-31T08:00:00Z`, with milliseconds for JSON.
    static func timestamp(_ date: Date, fractional: Bool) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        if fractional {
            let milliseconds = min(999, Int((interval - interval.rounded(.down)) * 1000))
            text += "." + String(repeating: "0", count: milliseconds < 10 ? 2 : milliseconds < 100 ? 1 : 0) + "\(milliseconds)"
        }
        return text + "Z"
    }

    static func appendValue(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &line)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int: line += String(number)
            case let number as Double where number.isFinite: line += String(number)
            case let flag as Bool: line += flag ? "true" : "false"
            default: appendString(convertible.description, to: &line)
            }
        case .dictionary(let dictionary):
            line += "{"
            for (index, (key, value)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line += "," }
                appendString(key, to: &line)
                line += ":"
                appendValue(value, to: &line)
            }
            line += "}"
        case .array(let values):
            line += "["
            for (index, value) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(value, to: &line)
            }
            line += "]"
        }
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
