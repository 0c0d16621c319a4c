import struct Foundation.UUID

// SkillHub writes UUIDs in lowercase (RFC 9562 §4), the form PostgreSQL
// prints and clients compare against. Foundation encodes them in uppercase;
// these overloads are picked over the generic `encode` by every Codable
// conformance compiled against SkillHubCore.
extension KeyedEncodingContainer {
    public mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.lowercasedString, forKey: key)
    }

    public mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        try encodeIfPresent(value?.lowercasedString, forKey: key)
    }
}
