extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal text, two digits each (digests, signatures, secrets).
    public var lowercaseHex: String {
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self { text.appendLowercaseHex(of: byte) }
        return String(decoding: text, as: UTF8.self)
    }
}

extension [UInt8] {
    /// Appends `byte` as two lowercase hexadecimal digits.
    @inlinable
    public mutating func appendLowercaseHex(of byte: UInt8) {
        append(Self.lowercaseHexDigit(byte >> 4))
        append(Self.lowercaseHexDigit(byte & 0xF))
    }

    /// Appends `value` as 16 lowercase hexadecimal digits, most significant first (trace and span ids).
    public mutating func appendLowercaseHex(of value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { appendLowercaseHex(of: UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    @usableFromInline
    static func lowercaseHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}
