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
}

/// Text that is not JSON; the description names the byte offset and what was expected there.
public struct JSONValueParsingError: Error, CustomStringConvertible {
    public let description: String
}
