/// A RESP2 reply from Redis.
public enum RESPValue: Sendable, Hashable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    /// A bulk string: binary-safe bytes.
    case bulkString([UInt8])
    /// A nil bulk string or nil array.
    case null
    case array([RESPValue])

    /// The value as UTF-8 text, for simple and bulk strings.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The raw bytes of a bulk or simple string.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// The value as an integer, for integer replies and numeric strings.
    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .bulkString, .simpleString: string.flatMap { Int64($0) }
        default: nil
        }
    }

    /// The value as a floating-point number (sorted-set scores come as bulk strings).
    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .bulkString, .simpleString: string.flatMap { Double($0) }
        default: nil
        }
    }

    public var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    public var isNull: Bool { self == .null }
}
