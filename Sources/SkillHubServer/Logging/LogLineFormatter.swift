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
            let head: [(key: String, value: JSONValue)] = [
                ("ts", .string(Self.timestamp(date, fractional: true))), ("level", .string(level.rawValue)),
                ("logger", .string(label)), ("msg", .string(message.description)),
            ]
            let fields = metadata.sorted { $0.key < $1.key }.map { (key: Self.jsonKeys[$0.key] ?? $0.key, value: Self.json($0.value)) }
            return String(decoding: JSONValue.serializedObject(head + fields), as: UTF8.self) + "\n"
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

    /// A metadata value as JSON: numbers and booleans as themselves, anything else as text.
    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int: .number(Double(number))
            case let number as Double where number.isFinite: .number(number)
            case let flag as Bool: .bool(flag)
            default: .string(convertible.description)
            }
        case .dictionary(let dictionary): .object(dictionary.mapValues(json))
        case .array(let values): .array(values.map(json))
        }
    }
}
