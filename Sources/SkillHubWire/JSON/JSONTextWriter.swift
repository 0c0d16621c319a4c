import Foundation

/// JSON text as SkillHub's `JSONEncoder` writes it (`.withoutEscapingSlashes`, `.sortedKeys`): the order of
/// object keys, strings, numbers, the special types and ``JSONValue``s.
enum JSONTextWriter {
    /// Calls `body` with the positions `0..<count` in the order `.sortedKeys` gives their keys (by UTF-8 bytes);
    /// positions of equal keys stay in increasing order.
    static func withKeysSorted<R>(
        count: Int, key: (Int) -> String, _ body: (UnsafeBufferPointer<SortedKey>) throws -> R
    ) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: SortedKey.self, capacity: count) { buffer in
            var order = buffer
            for position in 0..<count {
                order.initializeElement(at: position, to: SortedKey(key(position), position: position))
            }
            // The sort is stable.
            order.sort { $0.precedes($1, key: key) }
            return try body(UnsafeBufferPointer(order))
        }
    }

    /// A key's place in `.sortedKeys` order. Its first 16 UTF-8 bytes, as big-endian integers (zero-padded), order
    /// almost any two keys without a look at the strings (and without moving them while sorting).
    struct SortedKey {
        let head: UInt64
        let tail: UInt64
        /// Where the key is among those sorted.
        let position: Int

        init(_ key: String, position: Int) {
            var key = key
            (head, tail) = key.withUTF8 { bytes in
                var (head, tail): (UInt64, UInt64) = (0, 0)
                for index in 0..<min(bytes.count, 16) {
                    if index < 8 {
                        head |= UInt64(bytes[index]) << (56 - 8 * index)
                    } else {
                        tail |= UInt64(bytes[index]) << (120 - 8 * index)
                    }
                }
                return (head, tail)
            }
            self.position = position
        }

        func precedes(_ other: SortedKey, key: (Int) -> String) -> Bool {
            if head != other.head { return head < other.head }
            if tail != other.tail { return tail < other.tail }
            return Self.precedes(key(position), key(other.position))
        }

        func hasSameKey(as other: SortedKey, key: (Int) -> String) -> Bool {
            head == other.head && tail == other.tail && key(position) == key(other.position)
        }

        /// Whether `key` comes before `other` in UTF-8 byte order.
        private static func precedes(_ key: String, _ other: String) -> Bool {
            var (key, other) = (key, other)
            return key.withUTF8 { key in
                other.withUTF8 { other in
                    let common = min(key.count, other.count)
                    let order = common == 0 ? 0 : memcmp(key.baseAddress!, other.baseAddress!, common)
                    return order == 0 ? key.count < other.count : order < 0
                }
            }
        }
    }

    /// `string` in quotes: `"`, `\` and control characters escaped (`\b`, `\f`, `\n`, `\r`, `\t` or
    /// `\u00xx`), everything else (`/`, non-ASCII) as it is.
    static func write(string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { text in
            var start = 0
            for index in text.indices {
                let byte = text[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
                writeEscape(of: byte, to: &output)
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func writeEscape(of byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            output.append(contentsOf: "u00".utf8)
            output.appendLowercaseHex(of: byte)
        }
    }

    static func write<T: FixedWidthInteger>(integer value: T, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // Digits from the last; 40 places hold those of UInt128.max.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var start = digits.endIndex
            repeat {
                let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10)
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remainder)
                magnitude = quotient
            } while magnitude != 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// `value`'s `description` without a trailing ".0"; NaN and infinities are `.invalidValue` (`JSONEncoder`'s
    /// default `.throw` strategy, with its message).
    static func write<T: BinaryFloatingPoint & CustomStringConvertible>(
        number value: T, to output: inout [UInt8], at path: @autoclosure () -> JSONCodingPath
    ) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path().keys, debugDescription: "Unable to encode \(T.self).\(value) directly in JSON."))
        }
        // `description` writes a whole number below 2^(significand bits + 1) digit by digit
        // (2^53 for Double, 2^24 for Float): these are written here without making the String.
        let wholeNumbersInFull = T(sign: .plus, exponent: T.Exponent(T.significandBitCount + 1), significand: 1)
        if value.magnitude < wholeNumbersInFull, value == value.rounded(.towardZero) {
            if value.sign == .minus { output.append(UInt8(ascii: "-")) }
            write(integer: UInt64(value.magnitude), to: &output)
        } else {
            let text = value.description
            output.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
        }
    }

    /// `date` in quotes, as the `.iso8601` date strategy writes it.
    static func write(quoted date: Date, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        ISO8601Timestamp.write(date, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// `uuid` in quotes, in lowercase.
    static func write(uuid: UUID, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        uuid.appendLowercasedText(to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// `data` in base64, in quotes.
    static func write(base64 data: Data, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: data.base64EncodedString().utf8)
        output.append(UInt8(ascii: "\""))
    }

    /// `value` as `JSONEncoder` writes it through its `Codable` conformance: object keys sorted,
    /// numbers as `Double`s are; NaN and infinities are `.invalidValue` at their own path.
    static func write(_ value: JSONValue, to output: inout [UInt8], at path: @autoclosure () -> JSONCodingPath) throws {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: bool ? "true".utf8 : "false".utf8)
        case .number(let number):
            try write(number: number, to: &output, at: path())
        case .string(let string):
            write(string: string, to: &output)
        case .array(let items):
            try write(array: items, to: &output, at: path())
        case .object(let members):
            try write(object: members, to: &output, at: path())
        }
    }

    static func write(array items: [JSONValue], to output: inout [UInt8], at path: @autoclosure () -> JSONCodingPath) throws {
        output.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            try write(item, to: &output, at: path().appending(index: index))
        }
        output.append(UInt8(ascii: "]"))
    }

    static func write(object members: [String: JSONValue], to output: inout [UInt8], at path: @autoclosure () -> JSONCodingPath) throws {
        let members = Array(members)
        output.append(UInt8(ascii: "{"))
        try withKeysSorted(count: members.count, key: { members[$0].key }) { order in
            for (rank, sorted) in order.enumerated() {
                let (key, member) = members[sorted.position]
                if rank > 0 { output.append(UInt8(ascii: ",")) }
                write(string: key, to: &output)
                output.append(UInt8(ascii: ":"))
                try write(member, to: &output, at: path().appending(JSONCodingKey(stringValue: key)))
            }
        }
        output.append(UInt8(ascii: "}"))
    }
}
