import struct Foundation.UUID

// SkillHub writes UUIDs in lowercase (RFC 9562 §4), the form PostgreSQL
// prints and clients compare against. Foundation encodes them in uppercase;
// these overloads are picked over the generic `encode` by every Codable
// conformance compiled against SkillHubCore.
extension KeyedEncodingContainer {
    public mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(LowercaseUUID(value), forKey: key)
    }

    public mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        try encodeIfPresent(value.map(LowercaseUUID.init), forKey: key)
    }
}

/// A UUID to be written in lowercase: any encoder writes its text;
/// ``JSONResponseEncoder`` writes its bytes straight to the output.
struct LowercaseUUID: Encodable {
    var value: UUID

    init(_ value: UUID) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.lowercasedString)
    }
}
