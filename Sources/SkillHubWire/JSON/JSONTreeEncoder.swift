import Foundation

/// The encoder of one `encode` call. Like `JSONEncoder`, it builds a tree first (a container
/// may be filled after others were), then writes it out with object keys sorted. Leaf values
/// are written as text when encoded, into one buffer the tree refers to by range. One instance
/// serves the whole tree: encoding a nested value swaps in its path and result and restores
/// them afterwards; only `superEncoder()` makes another, sharing the buffer.
final class JSONTreeEncoder: Encoder {
    /// The text of every leaf value.
    let leaves: Leaves
    /// What the value being encoded has encoded: nil until it takes a container or encodes a single value.
    private(set) var value: Node?
    private var path: JSONCodingPath

    init(leaves: Leaves, path: JSONCodingPath) {
        self.leaves = leaves
        self.path = path
    }

    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A container of the value's object; asked for again, of the same object (as `JSONEncoder` does,
    /// for subclasses encoding into their superclass's container).
    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectNode
        if case .object(let existing) = value {
            object = existing
        } else {
            object = ObjectNode()
            value = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, object: object, path: path))
    }

    /// A container of the value's array; asked for again, of the same array.
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayNode
        if case .array(let existing) = value {
            array = existing
        } else {
            array = ArrayNode()
            value = .array(array)
        }
        return UnkeyedContainer(encoder: self, array: array, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    // MARK: Values

    /// `value` as a node: the types `JSONEncoder` treats specially, ``JSONValue`` and the common
    /// scalars written at once, anything else through `encode(to:)`. Nil when it encoded nothing.
    func node<T: Encodable>(for value: T, at path: @autoclosure () -> JSONCodingPath) throws -> Node? {
        // Each bit cast below is to the type T was just compared with: it reinterprets nothing,
        // and unlike `as?` it costs no call into the runtime's dynamic casting.
        if T.self == String.self {
            return leaf(unsafeBitCast(value, to: String.self))
        }
        if T.self == Int.self {
            return leaf(unsafeBitCast(value, to: Int.self))
        }
        if T.self == Double.self {
            return try leaf(unsafeBitCast(value, to: Double.self), at: path())
        }
        if T.self == Bool.self {
            return leaf(unsafeBitCast(value, to: Bool.self))
        }
        if T.self == Date.self {
            return text { JSONTextWriter.write(quoted: unsafeBitCast(value, to: Date.self), to: &$0) }
        }
        if T.self == UUID.self {
            return text { JSONTextWriter.write(uuid: unsafeBitCast(value, to: UUID.self), to: &$0) }
        }
        if T.self == LowercaseUUID.self {
            return text { JSONTextWriter.write(uuid: unsafeBitCast(value, to: LowercaseUUID.self).value, to: &$0) }
        }
        if T.self == URL.self {
            return leaf(unsafeBitCast(value, to: URL.self).absoluteString)
        }
        if T.self == Data.self {
            return text { JSONTextWriter.write(base64: unsafeBitCast(value, to: Data.self), to: &$0) }
        }
        if T.self == Decimal.self {
            return text { $0.append(contentsOf: unsafeBitCast(value, to: Decimal.self).description.utf8) }
        }
        if T.self == JSONValue.self {
            return try text { try JSONTextWriter.write(unsafeBitCast(value, to: JSONValue.self), to: &$0, at: path()) }
        }
        if T.self == [String: JSONValue].self {
            return try text { try JSONTextWriter.write(object: unsafeBitCast(value, to: [String: JSONValue].self), to: &$0, at: path()) }
        }
        if T.self == [JSONValue].self {
            return try text { try JSONTextWriter.write(array: unsafeBitCast(value, to: [JSONValue].self), to: &$0, at: path()) }
        }
        let (outerValue, outerPath) = (self.value, self.path)
        (self.value, self.path) = (nil, path())
        defer { (self.value, self.path) = (outerValue, outerPath) }
        try value.encode(to: self)
        return self.value
    }

    /// `value` as a member or item: `{}` when it encoded nothing, as `JSONEncoder` writes it.
    func member<T: Encodable>(for value: T, at path: @autoclosure () -> JSONCodingPath) throws -> Node {
        try node(for: value, at: path()) ?? .emptyObject
    }

    /// A node of the text `body` appends to the leaf bytes.
    @inline(__always)
    func text(_ body: (inout [UInt8]) throws -> Void) rethrows -> Node {
        .text(try Self.range(appendedTo: &leaves.bytes, by: body))
    }

    /// The range of what `body` appends to `bytes` (one access to the leaf bytes, not three).
    @inline(__always)
    private static func range(appendedTo bytes: inout [UInt8], by body: (inout [UInt8]) throws -> Void) rethrows -> Range<Int> {
        let start = bytes.count
        try body(&bytes)
        return start..<bytes.count
    }

    var null: Node { text { $0.append(contentsOf: "null".utf8) } }

    func leaf(_ value: Bool) -> Node {
        text { $0.append(contentsOf: value ? "true".utf8 : "false".utf8) }
    }

    func leaf(_ value: String) -> Node {
        text { JSONTextWriter.write(string: value, to: &$0) }
    }

    func leaf<T: FixedWidthInteger>(_ value: T) -> Node {
        text { JSONTextWriter.write(integer: value, to: &$0) }
    }

    func leaf<T: BinaryFloatingPoint & CustomStringConvertible>(_ value: T, at path: @autoclosure () -> JSONCodingPath) throws -> Node {
        try text { try JSONTextWriter.write(number: value, to: &$0, at: path()) }
    }
}

// MARK: - Tree

extension JSONTreeEncoder {
    /// An encoded value, written out once the whole tree is built.
    enum Node {
        /// JSON text already written: these bytes of ``Leaves``.
        case text(Range<Int>)
        case object(ObjectNode)
        case array(ArrayNode)
        /// What an encoder from `superEncoder()` encodes; `{}` when nothing.
        case deferred(JSONTreeEncoder)
        /// `{}`: a nested value that encoded nothing.
        case emptyObject
    }

    /// An object's members in the order encoded (a key may come more than once), shared by its containers.
    final class ObjectNode {
        var members: [(key: String, value: Node)] = []

        init() {
            members.reserveCapacity(16)
        }
    }

    /// An array's items, shared by its containers.
    final class ArrayNode {
        var items: [Node] = []

        init() {
            items.reserveCapacity(8)
        }
    }

    /// The text of every leaf value, shared by the encoders of one tree.
    final class Leaves {
        var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(1024)
        }
    }

    /// The JSON text of `node`, whose tree is complete: members sorted by key, each key once (with its last value).
    func serialized(_ node: Node) -> [UInt8] {
        let text = leaves.bytes
        if case .text(let range) = node, range == text.indices {
            return text
        }
        var output: [UInt8] = []
        // Keys and punctuation are about as long as the values they hold.
        output.reserveCapacity(2 * text.count + 64)
        Self.write(node, from: text, to: &output)
        return output
    }

    private static func write(_ node: Node, from text: [UInt8], to output: inout [UInt8]) {
        switch node {
        case .text(let range):
            output.append(contentsOf: text[range])
        case .object(let object):
            let members = object.members
            output.append(UInt8(ascii: "{"))
            JSONTextWriter.withKeysSorted(count: members.count, key: { members[$0].key }) { order in
                var first = true
                for (rank, sorted) in order.enumerated() {
                    // Of the members with one key, the last encoded (last in the stable sort) is written.
                    if rank + 1 < order.count, order[rank + 1].hasSameKey(as: sorted, key: { members[$0].key }) { continue }
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    JSONTextWriter.write(string: members[sorted.position].key, to: &output)
                    output.append(UInt8(ascii: ":"))
                    write(members[sorted.position].value, from: text, to: &output)
                }
            }
            output.append(UInt8(ascii: "}"))
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, from: text, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .deferred(let encoder):
            write(encoder.value ?? .emptyObject, from: text, to: &output)
        case .emptyObject:
            output.append(contentsOf: "{}".utf8)
        }
    }
}

// MARK: - Single value container

extension JSONTreeEncoder: SingleValueEncodingContainer {
    func encodeNil() throws { value = null }
    func encode(_ value: Bool) throws { self.value = leaf(value) }
    func encode(_ value: String) throws { self.value = leaf(value) }
    func encode(_ value: Double) throws { self.value = try leaf(value, at: path) }
    func encode(_ value: Float) throws { self.value = try leaf(value, at: path) }
    func encode(_ value: Int) throws { self.value = leaf(value) }
    func encode(_ value: Int8) throws { self.value = leaf(value) }
    func encode(_ value: Int16) throws { self.value = leaf(value) }
    func encode(_ value: Int32) throws { self.value = leaf(value) }
    func encode(_ value: Int64) throws { self.value = leaf(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: Int128) throws { self.value = leaf(value) }
    func encode(_ value: UInt) throws { self.value = leaf(value) }
    func encode(_ value: UInt8) throws { self.value = leaf(value) }
    func encode(_ value: UInt16) throws { self.value = leaf(value) }
    func encode(_ value: UInt32) throws { self.value = leaf(value) }
    func encode(_ value: UInt64) throws { self.value = leaf(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: UInt128) throws { self.value = leaf(value) }

    func encode<T: Encodable>(_ value: T) throws {
        self.value = try member(for: value, at: path)
    }
}

// MARK: - Keyed container

extension JSONTreeEncoder {
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: JSONTreeEncoder
        let object: ObjectNode
        let path: JSONCodingPath

        var codingPath: [any CodingKey] { path.keys }

        private func add(_ node: Node, forKey key: some CodingKey) {
            object.members.append((key.stringValue, node))
        }

        mutating func encodeNil(forKey key: Key) throws { add(encoder.null, forKey: key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: String, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { add(try encoder.leaf(value, at: path.appending(key)), forKey: key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { add(try encoder.leaf(value, at: path.appending(key)), forKey: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func encode(_ value: Int128, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func encode(_ value: UInt128, forKey key: Key) throws { add(encoder.leaf(value), forKey: key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            add(try encoder.member(for: value, at: path.appending(key)), forKey: key)
        }

        /// The value last encoded at `key`, if any.
        private func member(forKey key: Key) -> Node? {
            let name = key.stringValue
            return object.members.last { $0.key == name }?.value
        }

        /// A container of the object at `key`: as `JSONEncoder`, the one already there if there is one.
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy _: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested: ObjectNode
            if case .object(let existing) = member(forKey: key) {
                nested = existing
            } else {
                nested = ObjectNode()
                add(.object(nested), forKey: key)
            }
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, object: nested, path: path.appending(key)))
        }

        /// A container of the array at `key`: the one already there if there is one.
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested: ArrayNode
            if case .array(let existing) = member(forKey: key) {
                nested = existing
            } else {
                nested = ArrayNode()
                add(.array(nested), forKey: key)
            }
            return UnkeyedContainer(encoder: encoder, array: nested, path: path.appending(key))
        }

        /// An encoder of the member "super" (`{}` if it encodes nothing).
        mutating func superEncoder() -> any Encoder {
            superEncoder(at: JSONCodingKey.super)
        }

        /// An encoder of the member at `key` (`{}` if it encodes nothing).
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            superEncoder(at: key)
        }

        private func superEncoder(at key: some CodingKey) -> any Encoder {
            let superEncoder = JSONTreeEncoder(leaves: encoder.leaves, path: path.appending(key))
            add(.deferred(superEncoder), forKey: key)
            return superEncoder
        }
    }
}

// MARK: - Unkeyed container

extension JSONTreeEncoder {
    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: JSONTreeEncoder
        let array: ArrayNode
        let path: JSONCodingPath

        var codingPath: [any CodingKey] { path.keys }
        var count: Int { array.items.count }

        /// The path of the next item.
        private var nextPath: JSONCodingPath { path.appending(index: count) }

        private func add(_ node: Node) {
            array.items.append(node)
        }

        mutating func encodeNil() throws { add(encoder.null) }
        mutating func encode(_ value: Bool) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: String) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: Double) throws { add(try encoder.leaf(value, at: nextPath)) }
        mutating func encode(_ value: Float) throws { add(try encoder.leaf(value, at: nextPath)) }
        mutating func encode(_ value: Int) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: Int8) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: Int16) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: Int32) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: Int64) throws { add(encoder.leaf(value)) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func encode(_ value: Int128) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: UInt) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: UInt8) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: UInt16) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: UInt32) throws { add(encoder.leaf(value)) }
        mutating func encode(_ value: UInt64) throws { add(encoder.leaf(value)) }
        @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
        mutating func encode(_ value: UInt128) throws { add(encoder.leaf(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            add(try encoder.member(for: value, at: nextPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectNode()
            let container = KeyedContainer<NestedKey>(encoder: encoder, object: nested, path: nextPath)
            add(.object(nested))
            return KeyedEncodingContainer(container)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayNode()
            let container = UnkeyedContainer(encoder: encoder, array: nested, path: nextPath)
            add(.array(nested))
            return container
        }

        /// An encoder of the next item (`{}` if it encodes nothing), which keeps its place when more items follow.
        mutating func superEncoder() -> any Encoder {
            let superEncoder = JSONTreeEncoder(leaves: encoder.leaves, path: nextPath)
            add(.deferred(superEncoder))
            return superEncoder
        }
    }
}

