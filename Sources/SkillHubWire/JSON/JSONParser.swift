/// A strict RFC 8259 parser from UTF-8 bytes to ``JSONValue``, one pass,
/// no Foundation: any value at the top level, whitespace around it; numbers
/// as the nearest `Double`; the last of duplicate object keys wins; at most
/// ``maximumDepth`` nested arrays and objects. Errors name the byte offset.
struct JSONParser {
    /// How deeply arrays and objects may nest (JSONSerialization's limit).
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var depth = 0
    /// Reused for strings that contain escapes.
    private var scratch: [UInt8] = []
    /// The members of the objects being parsed, innermost last: each object is made
    /// once its size is known, instead of growing a dictionary member by member.
    private var members: [(String, JSONValue)] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value the JSON text `bytes` holds.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONValueParsingError) -> JSONValue {
        var parser = JSONParser(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        parser.skipByteOrderMark()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.offset == parser.bytes.count else { throw parser.error("expected end of input") }
        return value
    }

    // MARK: Structure

    private mutating func parseValue() throws(JSONValueParsingError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw error("expected a value") }
        switch bytes[offset] {
        case .quote: return .string(try parseString())
        case .openBrace: return try parseObject()
        case .openBracket: return try parseArray()
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value")
        }
    }

    private mutating func parseArray() throws(JSONValueParsingError) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == .closeBracket {
            offset += 1
            depth -= 1
            return .array([])
        }
        var items: [JSONValue] = []
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard offset < bytes.count else { throw error("expected ',' or ']'") }
            switch bytes[offset] {
            case .comma:
                offset += 1
            case .closeBracket:
                offset += 1
                depth -= 1
                return .array(items)
            default:
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func parseObject() throws(JSONValueParsingError) -> JSONValue {
        try enterContainer()
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == .closeBrace {
            offset += 1
            depth -= 1
            return .object([:])
        }
        let firstMember = members.count
        var expectedKey = "a string key or '}'"
        while true {
            guard offset < bytes.count, bytes[offset] == .quote else { throw error("expected \(expectedKey)") }
            let key = try parseString()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == .colon else { throw error("expected ':'") }
            offset += 1
            members.append((key, try parseValue()))
            skipWhitespace()
            guard offset < bytes.count else { throw error("expected ',' or '}'") }
            switch bytes[offset] {
            case .comma:
                offset += 1
                skipWhitespace()
                expectedKey = "a string key"
            case .closeBrace:
                offset += 1
                depth -= 1
                let object = Dictionary(members[firstMember...], uniquingKeysWith: { _, last in last })
                members.removeSubrange(firstMember...)
                return .object(object)
            default:
                throw error("expected ',' or '}'")
            }
        }
    }

    /// Steps over the opening bracket or brace, counting the depth.
    private mutating func enterContainer() throws(JSONValueParsingError) {
        guard depth < Self.maximumDepth else {
            throw error("nesting deeper than \(Self.maximumDepth) arrays and objects")
        }
        depth += 1
        offset += 1
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONValueParsingError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes.count - offset >= expected.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
            throw error("expected '\(literal)'")
        }
        offset += expected.count
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case .space, .newline, .carriageReturn, .tab: offset += 1
            default: return
            }
        }
    }

    /// A UTF-8 byte order mark is allowed before the text (RFC 8259 §8.1), as JSONSerialization allows it.
    private mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
        }
    }

    private func error(_ expected: String, at position: Int? = nil) -> JSONValueParsingError {
        let position = position ?? offset
        let end = position >= bytes.count ? " (end of input)" : ""
        return JSONValueParsingError(description: "\(expected) at byte \(position)\(end)")
    }

    // MARK: Strings

    /// The string starting at the opening quote under `offset`.
    private mutating func parseString() throws(JSONValueParsingError) -> String {
        let start = offset + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                offset = index + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            } else if byte == .backslash {
                return try parseEscapedString(from: start, firstEscape: index)
            } else if byte < 0x20 {
                throw error("unescaped control character in a string", at: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try endOfMultiByteScalar(at: index)
            }
        }
        throw error("unterminated string starting", at: start - 1)
    }

    /// The rest of a string from its first escape on, decoded into `scratch`.
    private mutating func parseEscapedString(from start: Int, firstEscape: Int) throws(JSONValueParsingError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<firstEscape]))
        var index = firstEscape
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                offset = index + 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == .backslash {
                index = try decodeEscape(at: index)
            } else if byte < 0x20 {
                throw error("unescaped control character in a string", at: index)
            } else if byte < 0x80 {
                scratch.append(byte)
                index += 1
            } else {
                let end = try endOfMultiByteScalar(at: index)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
        throw error("unterminated string starting", at: start - 1)
    }

    /// Appends the character of the escape sequence at `index` to `scratch`; returns the index after it.
    private mutating func decodeEscape(at index: Int) throws(JSONValueParsingError) -> Int {
        guard index + 1 < bytes.count else { throw error("unterminated string starting", at: index) }
        let replacement: UInt8
        switch bytes[index + 1] {
        case .quote: replacement = .quote
        case .backslash: replacement = .backslash
        case UInt8(ascii: "/"): replacement = UInt8(ascii: "/")
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "n"): replacement = .newline
        case UInt8(ascii: "r"): replacement = .carriageReturn
        case UInt8(ascii: "t"): replacement = .tab
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: index)
        default: throw error("invalid escape sequence", at: index)
        }
        scratch.append(replacement)
        return index + 2
    }

    /// A `\uXXXX` escape, or two for a surrogate pair, appended to `scratch` as UTF-8.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONValueParsingError) -> Int {
        let unit = try hexCodeUnit(at: index)
        var scalar = UInt32(unit)
        var end = index + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard end + 1 < bytes.count, bytes[end] == .backslash, bytes[end + 1] == UInt8(ascii: "u") else {
                throw error("lone surrogate in a \\u escape", at: index)
            }
            let low = try hexCodeUnit(at: end)
            guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate in a \\u escape", at: index) }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            end += 6
        case 0xDC00...0xDFFF:
            throw error("lone surrogate in a \\u escape", at: index)
        default:
            break
        }
        appendUTF8(of: scalar)
        return end
    }

    /// The four hexadecimal digits after the `\u` at `index`.
    private func hexCodeUnit(at index: Int) throws(JSONValueParsingError) -> UInt16 {
        guard index + 6 <= bytes.count else { throw error("expected four hexadecimal digits after \\u", at: index) }
        var unit: UInt16 = 0
        for position in index + 2..<index + 6 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: throw error("expected four hexadecimal digits after \\u", at: index)
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    private mutating func appendUTF8(of scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    /// The index after the well-formed UTF-8 sequence of two to four bytes at `index` (RFC 3629 §4:
    /// no overlong forms, no surrogates, nothing above U+10FFFF).
    private func endOfMultiByteScalar(at index: Int) throws(JSONValueParsingError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw error("invalid UTF-8", at: index)
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else {
            throw error("invalid UTF-8", at: index)
        }
        for position in index + 2..<index + length where bytes[position] & 0xC0 != 0x80 {
            throw error("invalid UTF-8", at: index)
        }
        return index + length
    }

    // MARK: Numbers

    /// Powers of ten a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number under `offset`. Numbers of at most 19 significant digits whose value
    /// a single exact multiplication or division gives are computed directly (Clinger's
    /// fast path: correctly rounded); the others go through `Double(String)`.
    private mutating func parseNumber() throws(JSONValueParsingError) -> Double {
        let start = offset
        var index = offset
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }

        var significand: UInt64 = 0
        var digitCount = 0
        var exponent = 0
        guard index < bytes.count, bytes[index].isDigit else { throw error("expected a digit", at: index) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, bytes[index].isDigit { throw error("leading zero in a number", at: start) }
        } else {
            while index < bytes.count, bytes[index].isDigit {
                accumulate(bytes[index], into: &significand, count: &digitCount)
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, bytes[index].isDigit else { throw error("expected a digit", at: index) }
            while index < bytes.count, bytes[index].isDigit {
                accumulate(bytes[index], into: &significand, count: &digitCount)
                exponent -= 1
                index += 1
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, bytes[index].isDigit else { throw error("expected a digit", at: index) }
            var explicitExponent = 0
            while index < bytes.count, bytes[index].isDigit {
                // Beyond this the value is zero or infinite anyway; Double(String) decides.
                if explicitExponent < 100_000 { explicitExponent = explicitExponent * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentNegative ? -explicitExponent : explicitExponent
        }
        offset = index

        if digitCount <= 19, significand <= 1 << 53, (-22...22).contains(exponent) {
            var value = Double(significand)
            if exponent < 0 {
                value /= Self.exactPowersOfTen[-exponent]
            } else {
                value *= Self.exactPowersOfTen[exponent]
            }
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("number out of range", at: start) }
        return value
    }

    /// Adds one decimal digit to the significand; past 19 digits only counts them (the fast path is then not taken).
    @inline(__always)
    private func accumulate(_ digit: UInt8, into significand: inout UInt64, count: inout Int) {
        if count < 19 { significand = significand &* 10 &+ UInt64(digit &- UInt8(ascii: "0")) }
        count += 1
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let tab = UInt8(ascii: "\t")

    fileprivate var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }
}
