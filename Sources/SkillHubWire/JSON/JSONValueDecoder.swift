import Foundation

/// Decodes `Decodable` types from a parsed ``JSONValue`` tree, with the
/// errors and coding paths of Foundation's `JSONDecoder` (default strategies,
/// except dates: ISO 8601 strings, fractional seconds allowed).
///
/// `Data` is read from base64, `URL` and `UUID` from strings, and ``JSONValue``
/// members are taken from the tree whole. Numbers are the tree's `Double`s, so
/// an integer type takes only a whole number below 2^53 in magnitude (one that
/// a `Double` is sure to hold exactly); others are `.dataCorrupted`. Where an
/// object has a key twice, the parser kept the last (`JSONDecoder` the first).
public struct JSONValueDecoder: Sendable {
    /// Handed to the types being decoded as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// A value of `type` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONTreeDecoder(value: value, path: .root, userInfo: userInfo).unwrap(value, as: type, at: .root)
    }

    /// A value of `type` from JSON text; text that is not JSON is `.dataCorrupted`
    /// with the ``JSONValueParsingError`` as its underlying error.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some DataProtocol) throws -> T {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "The given data was not valid JSON.", underlyingError: error))
        }
        return try decode(type, from: value)
    }
}

// MARK: - Coding paths

/// A coding path from the innermost step outwards, made into coding keys only when asked.
indirect enum JSONCodingPath {
    case root
    case key(any CodingKey, parent: JSONCodingPath)
    case index(Int, parent: JSONCodingPath)

    func appending(_ key: any CodingKey) -> JSONCodingPath { .key(key, parent: self) }
    func appending(index: Int) -> JSONCodingPath { .index(index, parent: self) }

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while true {
            switch node {
            case .root:
                return keys.reversed()
            case .key(let key, let parent):
                keys.append(key)
                node = parent
            case .index(let index, let parent):
                keys.append(JSONCodingKey(index: index))
                node = parent
            }
        }
    }
}

/// Array positions ("Index 2", 2) and `super` in coding paths, as `JSONDecoder` names them.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }

    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
    }

    static let `super` = JSONCodingKey(stringValue: "super")
}

// MARK: - Decoder

/// The decoder of one `decode` call. One instance serves the whole tree: decoding a
/// nested value swaps in its value and path and restores them afterwards, as
/// `JSONDecoder` does; containers hold their own part of the tree.
final class JSONTreeDecoder: Decoder {
    let userInfo: [CodingUserInfoKey: Any]
    private var value: JSONValue
    private var path: JSONCodingPath

    init(value: JSONValue, path: JSONCodingPath, userInfo: [CodingUserInfoKey: Any]) {
        self.value = value
        self.path = path
        self.userInfo = userInfo
    }

    var codingPath: [any CodingKey] { path.keys }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try keyedContainer(for: value, at: path, keyedBy: type)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try unkeyedContainer(for: value, at: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    func keyedContainer<Key: CodingKey>(
        for value: JSONValue, at path: JSONCodingPath, keyedBy _: Key.Type
    ) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let members):
            return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, members: members, path: path))
        case .null:
            throw DecodingError.valueNotFound(
                [String: Any].self,
                .init(codingPath: path.keys, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw Self.typeMismatch([String: Any].self, found: value, at: path)
        }
    }

    func unkeyedContainer(for value: JSONValue, at path: JSONCodingPath) throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let items):
            return UnkeyedContainer(decoder: self, items: items, path: path)
        case .null:
            throw DecodingError.valueNotFound(
                [Any].self,
                .init(codingPath: path.keys, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw Self.typeMismatch([Any].self, found: value, at: path)
        }
    }

    // MARK: Values

    /// `value` as `T`: ``JSONValue`` (and arrays and objects of it) whole, the Foundation types
    /// `JSONDecoder` treats specially as it does, anything else through `T(from:)`.
    func unwrap<T: Decodable>(_ value: JSONValue, as type: T.Type, at path: @autoclosure () -> JSONCodingPath) throws -> T {
        // Each cast below is to the type T was just compared with: it cannot fail.
        if T.self == JSONValue.self {
            return value as! T
        }
        if T.self == [JSONValue].self, case .array(let items) = value {
            return items as! T
        }
        if T.self == [String: JSONValue].self, case .object(let members) = value {
            return members as! T
        }
        if T.self == Date.self {
            return try unwrapDate(value, at: path()) as! T
        }
        if T.self == URL.self {
            return try unwrapURL(value, at: path()) as! T
        }
        if T.self == Data.self {
            return try unwrapData(value, at: path()) as! T
        }
        if T.self == UUID.self {
            return try unwrapUUID(value, at: path()) as! T
        }
        let (outerValue, outerPath) = (self.value, self.path)
        (self.value, self.path) = (value, path())
        defer { (self.value, self.path) = (outerValue, outerPath) }
        return try T(from: self)
    }

    /// As `JSONDecoder`, a null where a `Bool` is expected is a `.typeMismatch`, not a `.valueNotFound`.
    func unwrapBool(_ value: JSONValue, at path: @autoclosure () -> JSONCodingPath) throws -> Bool {
        guard case .bool(let bool) = value else { throw Self.typeMismatch(Bool.self, found: value, at: path()) }
        return bool
    }

    func unwrapString(_ value: JSONValue, at path: @autoclosure () -> JSONCodingPath) throws -> String {
        guard case .string(let string) = value else { throw Self.unexpected(value, for: String.self, at: path()) }
        return string
    }

    @inline(__always)
    func unwrapInteger<T: FixedWidthInteger>(_ value: JSONValue, as _: T.Type, at path: @autoclosure () -> JSONCodingPath) throws -> T {
        guard case .number(let number) = value else { throw Self.unexpected(value, for: T.self, at: path()) }
        // From 2^53 on, a Double no longer tells neighbouring integers apart.
        guard number.magnitude < 0x1p53, let integer = T(exactly: number) else {
            throw Self.notRepresentable(number, at: path())
        }
        return integer
    }

    @inline(__always)
    func unwrapFloatingPoint<T: BinaryFloatingPoint>(_ value: JSONValue, as _: T.Type, at path: @autoclosure () -> JSONCodingPath) throws -> T {
        guard case .number(let number) = value else { throw Self.unexpected(value, for: T.self, at: path()) }
        let result = T(number)
        // Too large or too small for T (a Float): not rounded to infinity or zero.
        if result.isInfinite && number.isFinite || result == 0 && number != 0 {
            throw Self.notRepresentable(number, at: path())
        }
        return result
    }

    private static let iso8601 = Date.ISO8601FormatStyle()
    private static let iso8601WithFractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `JSONDecoder`'s `.iso8601` date strategy; fractional seconds are accepted on every platform.
    private func unwrapDate(_ value: JSONValue, at path: JSONCodingPath) throws -> Date {
        if value.isNull { throw Self.valueNotFound(Date.self, at: path) }
        let string = try unwrapString(value, at: path)
        guard let date = (try? Self.iso8601.parse(string)) ?? (try? Self.iso8601WithFractionalSeconds.parse(string)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Expected date string to be ISO8601-formatted."))
        }
        return date
    }

    private func unwrapURL(_ value: JSONValue, at path: JSONCodingPath) throws -> URL {
        if value.isNull { throw Self.valueNotFound(URL.self, at: path) }
        guard let url = URL(string: try unwrapString(value, at: path)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Invalid URL string."))
        }
        return url
    }

    private func unwrapData(_ value: JSONValue, at path: JSONCodingPath) throws -> Data {
        if value.isNull { throw Self.valueNotFound(Data.self, at: path) }
        guard let data = Data(base64Encoded: try unwrapString(value, at: path)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Encountered Data is not valid Base64."))
        }
        return data
    }

    /// What `UUID(from:)` does (with its errors), the usual 8-4-4-4-12 form read without `sscanf`.
    private func unwrapUUID(_ value: JSONValue, at path: JSONCodingPath) throws -> UUID {
        let string = try unwrapString(value, at: path)
        guard let uuid = Self.uuid(canonical: string) ?? UUID(uuidString: string) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Attempted to decode UUID from invalid UUID string."))
        }
        return uuid
    }

    /// A UUID written as 36 characters, hexadecimal digits in either case and hyphens; nil for any other text.
    private static func uuid(canonical string: String) -> UUID? {
        let parsed = string.utf8.withContiguousStorageIfAvailable { text -> UUID? in
            guard text.count == 36 else { return nil }
            var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let complete = withUnsafeMutableBytes(of: &bytes) { output in
                var position = 0
                for index in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        guard text[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = hexValue(text[position]), let low = hexValue(text[position + 1]) else { return false }
                    output[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return complete ? UUID(uuid: bytes) : nil
        }
        return parsed ?? nil
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    // MARK: Errors

    /// A null (`.valueNotFound`) or a value of another kind (`.typeMismatch`) where `type` was expected.
    static func unexpected(_ value: JSONValue, for type: Any.Type, at path: JSONCodingPath) -> DecodingError {
        value.isNull ? valueNotFound(type, at: path) : typeMismatch(type, found: value, at: path)
    }

    static func valueNotFound(_ type: Any.Type, at path: JSONCodingPath) -> DecodingError {
        .valueNotFound(type, .init(codingPath: path.keys, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
    }

    static func typeMismatch(_ type: Any.Type, found value: JSONValue, at path: JSONCodingPath) -> DecodingError {
        let found =
            switch value {
            case .null: "null"
            case .bool: "bool"
            case .number: "number"
            case .string: "a string"
            case .array: "an array"
            case .object: "a dictionary"
            }
        return .typeMismatch(type, .init(codingPath: path.keys, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }

    static func notRepresentable(_ number: Double, at path: JSONCodingPath) -> DecodingError {
        let text = number == number.rounded() && number.magnitude < 1e15 ? String(Int64(number)) : String(number)
        return .dataCorrupted(.init(codingPath: path.keys, debugDescription: "Number \(text) is not representable in Swift."))
    }
}

extension JSONTreeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        value.isNull
    }

    func decode(_: Bool.Type) throws -> Bool { try unwrapBool(value, at: path) }
    func decode(_: String.Type) throws -> String { try unwrapString(value, at: path) }
    func decode(_: Double.Type) throws -> Double { try unwrapFloatingPoint(value, as: Double.self, at: path) }
    func decode(_: Float.Type) throws -> Float { try unwrapFloatingPoint(value, as: Float.self, at: path) }
    func decode(_: Int.Type) throws -> Int { try unwrapInteger(value, as: Int.self, at: path) }
    func decode(_: Int8.Type) throws -> Int8 { try unwrapInteger(value, as: Int8.self, at: path) }
    func decode(_: Int16.Type) throws -> Int16 { try unwrapInteger(value, as: Int16.self, at: path) }
    func decode(_: Int32.Type) throws -> Int32 { try unwrapInteger(value, as: Int32.self, at: path) }
    func decode(_: Int64.Type) throws -> Int64 { try unwrapInteger(value, as: Int64.self, at: path) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_: Int128.Type) throws -> Int128 { try unwrapInteger(value, as: Int128.self, at: path) }
    func decode(_: UInt.Type) throws -> UInt { try unwrapInteger(value, as: UInt.self, at: path) }
    func decode(_: UInt8.Type) throws -> UInt8 { try unwrapInteger(value, as: UInt8.self, at: path) }
    func decode(_: UInt16.Type) throws -> UInt16 { try unwrapInteger(value, as: UInt16.self, at: path) }
    func decode(_: UInt32.Type) throws -> UInt32 { try unwrapInteger(value, as: UInt32.self, at: path) }
    func decode(_: UInt64.Type) throws -> UInt64 { try unwrapInteger(value, as: UInt64.self, at: path) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_: UInt128.Type) throws -> UInt128 { try unwrapInteger(value, as: UInt128.self, at: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unwrap(value, as: type, at: path) }
}

// MARK: - Keyed container

extension JSONTreeDecoder {
    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: JSONTreeDecoder
        let members: [String: JSONValue]
        let path: JSONCodingPath

        var codingPath: [any CodingKey] { path.keys }
        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool {
            members[key.stringValue] != nil
        }

        private func value(for key: some CodingKey) throws -> JSONValue {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
            }
            return value
        }

        /// The member at `key`, or nil when it is missing or null.
        private func presentValue(for key: Key) -> JSONValue? {
            guard let value = members[key.stringValue], !value.isNull else { return nil }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            try value(for: key).isNull
        }

        func decode(_: Bool.Type, forKey key: Key) throws -> Bool {
            try decoder.unwrapBool(value(for: key), at: path.appending(key))
        }

        func decode(_: String.Type, forKey key: Key) throws -> String {
            try decoder.unwrapString(value(for: key), at: path.appending(key))
        }

        func decode(_: Double.Type, forKey key: Key) throws -> Double { try floatingPoint(forKey: key) }
        func decode(_: Float.Type, forKey key: Key) throws -> Float { try floatingPoint(forKey: key) }
        func decode(_: Int.Type, forKey key: Key) throws -> Int { try integer(forKey: key) }
        func decode(_: Int8.Type, forKey key: Key) throws -> Int8 { try integer(forKey: key) }
        func decode(_: Int16.Type, forKey key: Key) throws -> Int16 { try integer(forKey: key) }
        func decode(_: Int32.Type, forKey key: Key) throws -> Int32 { try integer(forKey: key) }
        func decode(_: Int64.Type, forKey key: Key) throws -> Int64 { try integer(forKey: key) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        func decode(_: Int128.Type, forKey key: Key) throws -> Int128 { try integer(forKey: key) }
        func decode(_: UInt.Type, forKey key: Key) throws -> UInt { try integer(forKey: key) }
        func decode(_: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(forKey: key) }
        func decode(_: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(forKey: key) }
        func decode(_: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(forKey: key) }
        func decode(_: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(forKey: key) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        func decode(_: UInt128.Type, forKey key: Key) throws -> UInt128 { try integer(forKey: key) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try decoder.unwrap(value(for: key), as: type, at: path.appending(key))
        }

        func decodeIfPresent(_: Bool.Type, forKey key: Key) throws -> Bool? {
            try presentValue(for: key).map { try decoder.unwrapBool($0, at: path.appending(key)) }
        }

        func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? {
            try presentValue(for: key).map { try decoder.unwrapString($0, at: path.appending(key)) }
        }

        func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? { try floatingPointIfPresent(forKey: key) }
        func decodeIfPresent(_: Float.Type, forKey key: Key) throws -> Float? { try floatingPointIfPresent(forKey: key) }
        func decodeIfPresent(_: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(forKey: key) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        func decodeIfPresent(_: Int128.Type, forKey key: Key) throws -> Int128? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(forKey: key) }
        func decodeIfPresent(_: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(forKey: key) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        func decodeIfPresent(_: UInt128.Type, forKey key: Key) throws -> UInt128? { try integerIfPresent(forKey: key) }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try presentValue(for: key).map { try decoder.unwrap($0, as: type, at: path.appending(key)) }
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try decoder.keyedContainer(for: value(for: key), at: path.appending(key), keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try decoder.unkeyedContainer(for: value(for: key), at: path.appending(key))
        }

        /// A decoder of the member "super"; of null when there is none.
        func superDecoder() throws -> any Decoder {
            JSONTreeDecoder(value: members[JSONCodingKey.super.stringValue] ?? .null, path: path.appending(JSONCodingKey.super), userInfo: decoder.userInfo)
        }

        /// A decoder of the member at `key`; of null when there is none.
        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONTreeDecoder(value: members[key.stringValue] ?? .null, path: path.appending(key), userInfo: decoder.userInfo)
        }

        @inline(__always)
        private func integer<T: FixedWidthInteger>(forKey key: Key) throws -> T {
            try decoder.unwrapInteger(value(for: key), as: T.self, at: path.appending(key))
        }

        @inline(__always)
        private func floatingPoint<T: BinaryFloatingPoint>(forKey key: Key) throws -> T {
            try decoder.unwrapFloatingPoint(value(for: key), as: T.self, at: path.appending(key))
        }

        @inline(__always)
        private func integerIfPresent<T: FixedWidthInteger>(forKey key: Key) throws -> T? {
            try presentValue(for: key).map { try decoder.unwrapInteger($0, as: T.self, at: path.appending(key)) }
        }

        @inline(__always)
        private func floatingPointIfPresent<T: BinaryFloatingPoint>(forKey key: Key) throws -> T? {
            try presentValue(for: key).map { try decoder.unwrapFloatingPoint($0, as: T.self, at: path.appending(key)) }
        }
    }
}

// MARK: - Unkeyed container

extension JSONTreeDecoder {
    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let decoder: JSONTreeDecoder
        let items: [JSONValue]
        let path: JSONCodingPath
        private(set) var currentIndex = 0

        init(decoder: JSONTreeDecoder, items: [JSONValue], path: JSONCodingPath) {
            self.decoder = decoder
            self.items = items
            self.path = path
        }

        var codingPath: [any CodingKey] { path.keys }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private var currentPath: JSONCodingPath { path.appending(index: currentIndex) }

        /// The next item, not yet consumed; at the end, `.valueNotFound` for `type`.
        private func peek<T>(_ type: T.Type, atEnd message: String = "Unkeyed container is at end.") throws -> JSONValue {
            guard currentIndex < items.count else {
                throw DecodingError.valueNotFound(type, .init(codingPath: currentPath.keys, debugDescription: message))
            }
            return items[currentIndex]
        }

        /// `body` applied to the next item, which it consumes when it does not throw.
        private mutating func next<T>(_ type: T.Type, _ body: (JSONValue, @autoclosure () -> JSONCodingPath) throws -> T) throws -> T {
            let result = try body(peek(type), currentPath)
            currentIndex += 1
            return result
        }

        /// Like ``next(_:_:)``, but nil for a null item or past the end (still moving on a position there, as `JSONDecoder` does).
        private mutating func nextIfPresent<T>(_ body: (JSONValue, @autoclosure () -> JSONCodingPath) throws -> T) throws -> T? {
            var result: T?
            if currentIndex < items.count, !items[currentIndex].isNull {
                result = try body(items[currentIndex], currentPath)
            }
            currentIndex += 1
            return result
        }

        mutating func decodeNil() throws -> Bool {
            guard try peek(Never.self).isNull else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_: Bool.Type) throws -> Bool { try next(Bool.self, decoder.unwrapBool) }
        mutating func decode(_: String.Type) throws -> String { try next(String.self, decoder.unwrapString) }
        mutating func decode(_: Double.Type) throws -> Double { try floatingPoint() }
        mutating func decode(_: Float.Type) throws -> Float { try floatingPoint() }
        mutating func decode(_: Int.Type) throws -> Int { try integer() }
        mutating func decode(_: Int8.Type) throws -> Int8 { try integer() }
        mutating func decode(_: Int16.Type) throws -> Int16 { try integer() }
        mutating func decode(_: Int32.Type) throws -> Int32 { try integer() }
        mutating func decode(_: Int64.Type) throws -> Int64 { try integer() }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func decode(_: Int128.Type) throws -> Int128 { try integer() }
        mutating func decode(_: UInt.Type) throws -> UInt { try integer() }
        mutating func decode(_: UInt8.Type) throws -> UInt8 { try integer() }
        mutating func decode(_: UInt16.Type) throws -> UInt16 { try integer() }
        mutating func decode(_: UInt32.Type) throws -> UInt32 { try integer() }
        mutating func decode(_: UInt64.Type) throws -> UInt64 { try integer() }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func decode(_: UInt128.Type) throws -> UInt128 { try integer() }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try next(type) { [decoder] in try decoder.unwrap($0, as: type, at: $1()) }
        }

        mutating func decodeIfPresent(_: Bool.Type) throws -> Bool? { try nextIfPresent(decoder.unwrapBool) }
        mutating func decodeIfPresent(_: String.Type) throws -> String? { try nextIfPresent(decoder.unwrapString) }
        mutating func decodeIfPresent(_: Double.Type) throws -> Double? { try floatingPointIfPresent() }
        mutating func decodeIfPresent(_: Float.Type) throws -> Float? { try floatingPointIfPresent() }
        mutating func decodeIfPresent(_: Int.Type) throws -> Int? { try integerIfPresent() }
        mutating func decodeIfPresent(_: Int8.Type) throws -> Int8? { try integerIfPresent() }
        mutating func decodeIfPresent(_: Int16.Type) throws -> Int16? { try integerIfPresent() }
        mutating func decodeIfPresent(_: Int32.Type) throws -> Int32? { try integerIfPresent() }
        mutating func decodeIfPresent(_: Int64.Type) throws -> Int64? { try integerIfPresent() }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func decodeIfPresent(_: Int128.Type) throws -> Int128? { try integerIfPresent() }
        mutating func decodeIfPresent(_: UInt.Type) throws -> UInt? { try integerIfPresent() }
        mutating func decodeIfPresent(_: UInt8.Type) throws -> UInt8? { try integerIfPresent() }
        mutating func decodeIfPresent(_: UInt16.Type) throws -> UInt16? { try integerIfPresent() }
        mutating func decodeIfPresent(_: UInt32.Type) throws -> UInt32? { try integerIfPresent() }
        mutating func decodeIfPresent(_: UInt64.Type) throws -> UInt64? { try integerIfPresent() }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func decodeIfPresent(_: UInt128.Type) throws -> UInt128? { try integerIfPresent() }

        mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
            try nextIfPresent { [decoder] in try decoder.unwrap($0, as: type, at: $1()) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next(KeyedDecodingContainer<NestedKey>.self) { [decoder] in try decoder.keyedContainer(for: $0, at: $1(), keyedBy: type) }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next((any UnkeyedDecodingContainer).self) { [decoder] in try decoder.unkeyedContainer(for: $0, at: $1()) }
        }

        mutating func superDecoder() throws -> any Decoder {
            let value = try peek((any Decoder).self, atEnd: "Cannot get superDecoder() -- unkeyed container is at end.")
            let superDecoder = JSONTreeDecoder(value: value, path: currentPath, userInfo: decoder.userInfo)
            currentIndex += 1
            return superDecoder
        }

        @inline(__always)
        private mutating func integer<T: FixedWidthInteger>() throws -> T {
            try next(T.self) { [decoder] in try decoder.unwrapInteger($0, as: T.self, at: $1()) }
        }

        @inline(__always)
        private mutating func floatingPoint<T: BinaryFloatingPoint>() throws -> T {
            try next(T.self) { [decoder] in try decoder.unwrapFloatingPoint($0, as: T.self, at: $1()) }
        }

        @inline(__always)
        private mutating func integerIfPresent<T: FixedWidthInteger>() throws -> T? {
            try nextIfPresent { [decoder] in try decoder.unwrapInteger($0, as: T.self, at: $1()) }
        }

        @inline(__always)
        private mutating func floatingPointIfPresent<T: BinaryFloatingPoint>() throws -> T? {
            try nextIfPresent { [decoder] in try decoder.unwrapFloatingPoint($0, as: T.self, at: $1()) }
        }
    }
}

extension JSONValue {
    fileprivate var isNull: Bool {
        if case .null = self { true } else { false }
    }
}
