import Foundation

extension JSONValue {
    /// Parses JSON text (UTF-8, RFC 8259, any value at the top level) in one
    /// pass, without Foundation or Codable. Throws ``JSONValueParsingError``.
    public init(parsing bytes: some DataProtocol) throws {
        if let value = try bytes.withContiguousStorageIfAvailable({ try JSONParser.parse(UnsafeRawBufferPointer($0)) }) {
            self = value
        } else {
            self = try Array(bytes).withUnsafeBytes { try JSONParser.parse($0) }
        }
    }

    /// Parses JSON text in memory the caller owns (a NIO `ByteBuffer`'s readable bytes, say).
    public init(parsing bytes: UnsafeRawBufferPointer) throws {
        self = try JSONParser.parse(bytes)
    }

    /// A value JSONSerialization produced (`NSNull`, booleans and numbers as
    /// `NSNumber`, `String`, arrays, dictionaries).
    public init(jsonObject value: Any) throws {
        switch value {
        case is NSNull:
            self = .null
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumbers of C type `char`; it makes no other `char` numbers.
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            self = .array(try array.map(JSONValue.init(jsonObject:)))
        case let object as [String: Any]:
            self = .object(try object.mapValues(JSONValue.init(jsonObject:)))
        default:
            throw JSONValueParsingError(description: "not a JSON value: \(type(of: value))")
        }
    }
}

/// Text that is not JSON; the description names the byte offset and what was expected there.
public struct JSONValueParsingError: Error, CustomStringConvertible {
    public let description: String
}

/// A JSON text already parsed by JSONSerialization, handed to a JSONDecoder
/// through `userInfo[.parsedJSON]` so that the ``JSONValue`` members of the
/// type it decodes are taken from the parsed tree at their coding path,
/// whole, instead of value by value through Codable.
public final class ParsedJSON: @unchecked Sendable {
    /// Immutable once made.
    let root: Any

    public init(_ root: Any) {
        self.root = root
    }

    /// The value at `path`, or nil when the path leads nowhere.
    func value(at path: [any CodingKey]) -> Any? {
        var current: Any = root
        for key in path {
            if let index = key.intValue, let array = current as? [Any] {
                guard array.indices.contains(index) else { return nil }
                current = array[index]
            } else if let object = current as? [String: Any], let member = object[key.stringValue] {
                current = member
            } else {
                return nil
            }
        }
        return current
    }
}

extension CodingUserInfoKey {
    /// Where a JSONDecoder may carry the ``ParsedJSON`` of the text it decodes.
    public static let parsedJSON = CodingUserInfoKey(rawValue: "skillhub.parsed-json")!
}
