import Foundation

/// Encodes `Encodable` values as compact JSON, byte for byte as SkillHub's `JSONEncoder`
/// (`.iso8601` dates, `[.sortedKeys, .withoutEscapingSlashes]`) does, without its
/// dynamic casts: special types are told apart by comparing metadata, and leaf values
/// are written straight to bytes.
///
/// Object keys are sorted by their UTF-8 bytes; a key encoded twice keeps its last value.
/// `Date`s are written as `2026-12-03T15:24:49Z` (UTC, seconds rounded down), `Data` in
/// base64, `URL`s as their absolute string, `Decimal`s as their description, ``JSONValue``s
/// directly (their keys sorted too). Unlike `JSONEncoder`, `UUID`s are written in lowercase,
/// as SkillHub writes them everywhere. NaN and infinities are `EncodingError.invalidValue`,
/// as is a value that encodes nothing at the top level.
public struct JSONResponseEncoder: Sendable {
    public init() {}

    /// `value` as compact JSON bytes: object keys sorted, dates ISO 8601 (`2026-12-03T15:24:49Z`, whole seconds, UTC), slashes not escaped.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONTreeEncoder(leaves: JSONTreeEncoder.Leaves(), path: .root)
        guard let node = try encoder.node(for: value, at: .root) else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return encoder.serialized(node)
    }
}
